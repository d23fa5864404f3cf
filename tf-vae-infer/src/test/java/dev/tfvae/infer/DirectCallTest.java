package dev.tfvae.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tfvae.core.contract.SignatureContract;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/**
 * Single-example calls through TensorFlow's C API give exactly what TF Java's runner gives, and the
 * models answer the same with them turned off.
 */
class DirectCallTest {
  @Test
  void directCallsEqualTheRunnerBitForBit() throws IOException {
    try (SavedModelBundle bundle =
            SavedModelBundle.load(ShippedModels.fashionMnist().resolve("2").toString(), "serve");
        TFloat32 x = TFloat32.tensorOf(Shape.of(1, 28, 28))) {
      x.asRawTensor().data().asFloats().write(ShippedModels.image(3));
      SignatureDef encode = bundle.metaGraphDef().getSignatureDefMap().get(SignatureContract.ENCODE);
      String input = encode.getInputsOrThrow(SignatureContract.X).getName();
      List<String> outputs =
          List.of(encode.getOutputsOrThrow(SignatureContract.MEAN).getName(),
              encode.getOutputsOrThrow(SignatureContract.LOG_VARIANCE).getName());
      try (DirectCall direct =
              DirectCall.create(bundle.session(), bundle.graph(), x, input, outputs, new int[] {20, 20});
          Result expected =
              bundle.session().runner().feed(input, x).fetch(outputs.get(0)).fetch(outputs.get(1)).run()) {
        assertNotNull(direct, "TF Java 1.1.0's handles should be reachable");
        for (int round = 0; round < 3; round++) {
          float[][] got = direct.run();
          for (int k = 0; k < 2; k++) {
            float[] want = new float[20];
            ((TFloat32) expected.get(k)).asRawTensor().data().asFloats().read(want);
            assertArrayEquals(want, got[k], "output " + k + " round " + round);
          }
        }
      }
      assertNull(DirectCall.create(bundle.session(), bundle.graph(), x, input, List.of("no_such_op:0"),
          new int[] {20}));
      // A fetch of the wrong size is refused after the run, and the call stays usable.
      try (DirectCall wrong =
          DirectCall.create(bundle.session(), bundle.graph(), x, input, outputs.subList(0, 1), new int[] {7})) {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, wrong::run);
        assertEquals("output 0 is not 7 float32 values", e.getMessage());
      }
    }
  }

  @Test
  void modelsGiveTheSameResultsWithDirectCallsOff() throws IOException {
    float[] x = ShippedModels.image(11);
    float[] mean;
    float[] reconstruction;
    try (VaeModel model = VaeModel.load(ShippedModels.fashionMnist())) {
      mean = model.encode(x).mean();
      reconstruction = model.reconstruct(x);
      // The batch path (TF Java's runner, one row) agrees with the single-example path bit for bit.
      assertArrayEquals(mean, model.encode(new float[][] {x}).get(0).mean());
      assertArrayEquals(reconstruction, model.reconstruct(new float[][] {x})[0]);
      assertEquals(model.score(new float[][] {x}).get(0), model.score(x));
    }
    System.setProperty(DirectCall.PROPERTY, "false");
    try (VaeModel model = VaeModel.load(ShippedModels.fashionMnist())) {
      assertArrayEquals(mean, model.encode(x).mean());
      assertArrayEquals(reconstruction, model.reconstruct(x));
    } finally {
      System.clearProperty(DirectCall.PROPERTY);
    }
  }
}
