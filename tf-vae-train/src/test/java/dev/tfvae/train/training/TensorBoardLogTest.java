package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.train.TestData;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * The event files TensorBoard reads, parsed back here from their TFRecord framing: per-step scalars every
 * 10 global steps, per-epoch validation scalars equal to the run's own history, and the μ histogram.
 */
class TensorBoardLogTest {

  @Test
  void eventFilesHoldTheScalarsAndHistogram(@TempDir Path dir) throws IOException {
    Path logs = dir.resolve("tb");
    TrainingConfig config =
        TrainingConfig.builder().hidden(List.of(32)).latentDim(4).epochs(2)
            .checkpointDir(dir.resolve("ckpt")).tensorboardDir(logs).build();
    TrainingResult result = new VaeTrainer(config).train(TestData.smallShapes(), TrainingListener.NONE);

    Map<String, Map<Long, Summary.Value>> byTag = new TreeMap<>();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path file : files.toList()) {
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."), file.toString());
        for (Event event : read(file)) {
          for (Summary.Value v : event.getSummary().getValueList()) {
            byTag.computeIfAbsent(v.getTag(), t -> new TreeMap<>()).put(event.getStep(), v);
          }
        }
      }
    }
    // 1024 examples / 128 = 8 steps an epoch, 16 in all: per-step records at steps 0 and 10.
    for (String tag : List.of("train/loss", "train/recon", "train/kl", "train/beta",
        "train/learning_rate", "train/samples_per_second")) {
      assertEquals(List.of(0L, 10L), new ArrayList<>(byTag.get(tag).keySet()), tag);
    }
    assertEquals(1.0f, scalar(byTag.get("train/beta").get(10L)));
    assertEquals(1e-3f, scalar(byTag.get("train/learning_rate").get(0L)));
    for (int epoch = 1; epoch <= 2; epoch++) {
      long step = epoch * 8L;
      EvalMetrics m = result.history().get(epoch - 1).validation();
      assertEquals((float) m.negElbo(), scalar(byTag.get("validation/neg_elbo").get(step)));
      assertEquals((float) m.msePerPixel(), scalar(byTag.get("validation/mse_per_pixel").get(step)));
      assertEquals(m.activeUnits(), scalar(byTag.get("validation/active_units").get(step)));
      assertTrue(scalar(byTag.get("epoch/samples_per_second").get(step)) > 0);
      Summary.Value histogram = byTag.get("validation/mu").get(step);
      assertEquals(256 * 4, histogram.getHisto().getNum(), "256 validation examples × 4 dimensions");
    }
  }

  private static float scalar(Summary.Value v) {
    if (v.hasTensor()) {
      var t = v.getTensor();
      return t.getFloatValCount() > 0
          ? t.getFloatVal(0)
          : ByteBuffer.wrap(t.getTensorContent().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getFloat();
    }
    return v.getSimpleValue();
  }

  /** TFRecord: little-endian uint64 length, uint32 CRC, the bytes, uint32 CRC. */
  private static List<Event> read(Path file) throws IOException {
    List<Event> events = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      while (true) {
        byte[] header = new byte[12];
        try {
          in.readFully(header);
        } catch (EOFException end) {
          return events;
        }
        long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] data = new byte[Math.toIntExact(length)];
        in.readFully(data);
        in.readFully(new byte[4]);
        events.add(Event.parseFrom(data));
      }
    }
  }
}
