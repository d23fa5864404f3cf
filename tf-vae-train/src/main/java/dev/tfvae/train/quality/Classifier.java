package dev.tfvae.train.quality;

import static com.google.common.base.Preconditions.checkArgument;

import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.infer.ModelPaths;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A classifier exported by {@link ClassifierTrainer}, loaded for measuring: the penultimate features
 * and the predicted class of images. Owns its {@link SavedModelBundle} (closed by {@link #close()}); the
 * TensorFlow session it runs on is thread-safe, and every call's tensors live within the call.
 *
 * <pre>{@code
 * try (Classifier c = Classifier.load(Path.of("classifiers/fashion-mnist-classifier"))) {
 *   float[][] features = c.features(images);
 *   int[] classes = c.classify(images);
 * }
 * }</pre>
 */
public final class Classifier implements AutoCloseable {
  /** Name of the input and of the two outputs, in the graph and in the signature. */
  static final String INPUT = "x";

  static final String FEATURES = "features";
  static final String LOGITS = "logits";

  /** Images per native call. */
  private static final int BATCH = 1000;

  private final SavedModelBundle bundle;
  private final Path version;
  private final ClassifierManifest manifest;
  private final long[] exampleShape;
  private final int exampleSize;

  private Classifier(SavedModelBundle bundle, Path version, ClassifierManifest manifest) {
    this.bundle = bundle;
    this.version = version;
    this.manifest = manifest;
    this.exampleShape = manifest.inputShape().stream().mapToLong(Integer::longValue).toArray();
    this.exampleSize = manifest.inputShape().stream().reduce(1, Math::multiplyExact);
  }

  /**
   * Loads a version folder, or a base folder's newest version.
   *
   * @throws java.nio.file.NoSuchFileException if there is no classifier there
   */
  public static Classifier load(Path path) throws IOException {
    Path version = ModelPaths.resolveVersion(path);
    ClassifierManifest manifest = ClassifierManifest.read(version);
    return new Classifier(SavedModelBundle.load(version.toString(), SignatureContract.TAG), version, manifest);
  }

  public Path version() {
    return version;
  }

  public ClassifierManifest manifest() {
    return manifest;
  }

  /** Number of values of one image. */
  public int inputSize() {
    return exampleSize;
  }

  /** The features of each image ({@code [n][128]}). */
  public float[][] features(float[][] images) {
    return run(images, FEATURES, ClassifierNetwork.FEATURES);
  }

  /** The class with the largest logit for each image. */
  public int[] classify(float[][] images) {
    int classes = manifest.classes();
    float[][] logits = run(images, LOGITS, classes);
    int[] out = new int[images.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = argmax(logits[i], 0, classes);
    }
    return out;
  }

  private float[][] run(float[][] images, String output, int width) {
    float[][] out = new float[images.length][];
    Session session = bundle.session();
    for (int begin = 0; begin < images.length; begin += BATCH) {
      int count = Math.min(BATCH, images.length - begin);
      float[] values = new float[count * exampleSize];
      for (int i = 0; i < count; i++) {
        float[] image = images[begin + i];
        checkArgument(
            image.length == exampleSize,
            "image %s has %s values; the classifier takes %s (shape %s)",
            begin + i, image.length, exampleSize, manifest.inputShape());
        System.arraycopy(image, 0, values, i * exampleSize, exampleSize);
      }
      long[] dims = new long[exampleShape.length + 1];
      dims[0] = count;
      System.arraycopy(exampleShape, 0, dims, 1, exampleShape.length);
      try (TFloat32 x = TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(values, true, false));
          Result r = session.runner().feed(INPUT, x).fetch(output).run()) {
        float[] flat = new float[count * width];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(flat, false, false));
        for (int i = 0; i < count; i++) {
          out[begin + i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
      }
    }
    return out;
  }

  /** Index of the largest of {@code values[offset … offset + count)} (the first on ties). */
  static int argmax(float[] values, int offset, int count) {
    int best = 0;
    for (int j = 1; j < count; j++) {
      if (values[offset + j] > values[offset + best]) {
        best = j;
      }
    }
    return best;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
