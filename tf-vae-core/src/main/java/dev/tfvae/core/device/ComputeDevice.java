package dev.tfvae.core.device;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * The device a graph runs on: {@code /GPU:0} when TensorFlow's natives see a GPU (TF Java's {@code
 * linux-x86_64-gpu} natives on a machine with CUDA and a GPU), {@code /CPU:0} otherwise.
 *
 * <pre>{@code
 * ComputeDevice device = ComputeDevice.detect();   // e.g. "/CPU:0 (no GPU found: TensorFlow lists CPU:0)"
 * Ops tf = device.place(Ops.create(graph));        // pins the ops to /GPU:0 when there is one
 * }</pre>
 *
 * @param name {@code /GPU:0} or {@code /CPU:0}
 * @param devices every device TensorFlow listed, e.g. {@code [CPU:0, GPU:0]}
 */
public record ComputeDevice(String name, List<String> devices) {
  public static final String GPU = "/GPU:0";
  public static final String CPU = "/CPU:0";

  public ComputeDevice {
    devices = List.copyOf(devices);
  }

  /** Whether graphs run on a GPU. */
  public boolean isGpu() {
    return name.equals(GPU);
  }

  /**
   * The device of this process, found once by listing the devices of an empty session (on a GPU
   * machine this also initialises CUDA, which the first real session would do anyway).
   */
  public static ComputeDevice detect() {
    return Detected.DEVICE;
  }

  /** The device of a session that listed {@code devices} (names such as {@code /job:…/device:GPU:0}). */
  static ComputeDevice of(List<String> devices) {
    List<String> shortNames = new ArrayList<>();
    for (String d : devices) {
      int at = d.lastIndexOf("device:");
      shortNames.add(at < 0 ? d : d.substring(at + "device:".length()));
    }
    return new ComputeDevice(shortNames.contains("GPU:0") ? GPU : CPU, shortNames);
  }

  /**
   * {@code tf} with its ops pinned to the GPU when there is one; unchanged on a CPU (where TensorFlow
   * places everything on the CPU anyway), so CPU graphs stay exactly as they were.
   */
  public org.tensorflow.op.Ops place(org.tensorflow.op.Ops tf) {
    return isGpu() ? tf.withDevice(spec(DeviceSpec.DeviceType.GPU)) : tf;
  }

  /**
   * {@code tf} with its ops pinned to the CPU when the rest runs on a GPU: for the ops that pick rows
   * out of host data, so that only the picked rows travel to the GPU.
   */
  public org.tensorflow.op.Ops onHost(org.tensorflow.op.Ops tf) {
    return isGpu() ? tf.withDevice(spec(DeviceSpec.DeviceType.CPU)) : tf;
  }

  private static DeviceSpec spec(DeviceSpec.DeviceType type) {
    return DeviceSpec.newBuilder().deviceType(type).deviceIndex(0).build();
  }

  /** How it reads in a log line, e.g. {@code /CPU:0 (no GPU found; TensorFlow lists CPU:0)}. */
  public String describe() {
    return name + (isGpu() ? " (TensorFlow lists " : " (no GPU found; TensorFlow lists ")
        + String.join(", ", devices) + ")";
  }

  /** Lists the devices of an empty session once per process. */
  private static final class Detected {
    static final ComputeDevice DEVICE = cudaNativesRequested() ? list() : cpuNatives();

    /**
     * Whether the GPU natives may be loaded: the launcher's {@code --gpu} (TFVAE_GPU=1) or TF Java's
     * {@code linux-x86_64-gpu} libraries on the class path. Otherwise no session is opened to ask: the
     * first session of a process sizes TensorFlow's process-wide thread pools, and an empty default one
     * would do that for the inference or training session that follows.
     */
    private static boolean cudaNativesRequested() {
      return "1".equals(System.getenv("TFVAE_GPU"))
          || ComputeDevice.class.getClassLoader()
                  .getResource("org/tensorflow/internal/c_api/linux-x86_64-gpu/libtensorflow_cc.so.2")
              != null;
    }

    private static ComputeDevice cpuNatives() {
      return new ComputeDevice(CPU, List.of("CPU:0")); // what the CPU natives list
    }

    private static ComputeDevice list() {
      TensorFlow.version(); // loads the natives
      TF_Status status = TF_Status.newStatus();
      TF_Graph graph = TF_NewGraph();
      TF_SessionOptions options = TF_NewSessionOptions();
      TF_Session session = null;
      TF_DeviceList list = null;
      try {
        session = TF_NewSession(graph, options, status);
        status.throwExceptionIfNotOK();
        list = TF_SessionListDevices(session, status);
        status.throwExceptionIfNotOK();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < TF_DeviceListCount(list); i++) {
          String type = TF_DeviceListType(list, i, status).getString();
          String name = TF_DeviceListName(list, i, status).getString();
          status.throwExceptionIfNotOK();
          names.add(name.contains("device:") ? name : type + ":" + i);
        }
        return of(names);
      } finally {
        if (list != null) {
          TF_DeleteDeviceList(list);
        }
        if (session != null) {
          TF_CloseSession(session, status);
          TF_DeleteSession(session, status);
        }
        TF_DeleteSessionOptions(options);
        TF_DeleteGraph(graph);
        status.close();
      }
    }
  }
}
