package dev.tfvae.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

class ComputeDeviceTest {
  private static final String HOST = "/job:localhost/replica:0/task:0/device:";

  @Test
  void aSessionThatListsAGpuRunsOnIt() {
    ComputeDevice gpu = ComputeDevice.of(List.of(HOST + "CPU:0", HOST + "GPU:0"));
    assertEquals(ComputeDevice.GPU, gpu.name());
    assertTrue(gpu.isGpu());
    assertEquals(List.of("CPU:0", "GPU:0"), gpu.devices());
    assertEquals("/GPU:0 (TensorFlow lists CPU:0, GPU:0)", gpu.describe());
  }

  @Test
  void withoutAGpuItIsTheCpu() {
    ComputeDevice cpu = ComputeDevice.of(List.of(HOST + "CPU:0"));
    assertEquals(ComputeDevice.CPU, cpu.name());
    assertFalse(cpu.isGpu());
    assertEquals("/CPU:0 (no GPU found; TensorFlow lists CPU:0)", cpu.describe());
  }

  /** This build's tests run on TF Java's CPU natives (the default classifier): TensorFlow lists no GPU. */
  @Test
  void thisMachineIsDetectedAsItsCpu() {
    ComputeDevice here = ComputeDevice.detect();
    assertEquals(ComputeDevice.CPU, here.name(), here.describe());
    assertTrue(here.devices().contains("CPU:0"), here.describe());
    assertSame(here, ComputeDevice.detect());
  }

  @Test
  void onAGpuOpsArePinnedToItAndHostOpsToTheCpu() {
    ComputeDevice gpu = ComputeDevice.of(List.of(HOST + "CPU:0", HOST + "GPU:0"));
    try (Graph graph = new Graph()) {
      Ops tf = gpu.place(Ops.create(graph));
      tf.withName("on_gpu").constant(1f);
      gpu.onHost(tf.withSubScope("inputs")).withName("on_host").constant(2f);
      assertEquals("/device:GPU:0", graph.operation("on_gpu").device());
      assertEquals("/device:CPU:0", graph.operation("inputs/on_host").device());
    }
  }

  @Test
  void onACpuGraphsAreLeftAsTheyWere() {
    ComputeDevice cpu = ComputeDevice.of(List.of(HOST + "CPU:0"));
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      assertSame(tf, cpu.place(tf));
      assertSame(tf, cpu.onHost(tf));
      cpu.place(tf).withName("c").constant(1f);
      assertEquals("", graph.operation("c").device());
    }
  }
}
