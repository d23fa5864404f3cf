package dev.tfvae.train.quality;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.core.graph.AdamOptimizer;
import dev.tfvae.train.data.Dataset;
import dev.tfvae.train.data.Split;
import dev.tfvae.train.export.SavedModelExporter;
import dev.tfvae.train.training.VaeTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Trains the {@link ClassifierNetwork} on a labelled image dataset with softmax cross-entropy and the
 * project's deterministic Adam, measures its accuracy on the validation (test) split, and exports it as
 * a SavedModel ({@code BASE/<next version>}, written into a temporary sibling and renamed when complete)
 * with one signature, {@code serving_default}: input {@code x} {@code [-1, H, W(, C)]}, outputs
 * {@code logits} {@code [-1, classes]} and {@code features} {@code [-1, 128]}, and its provenance in
 * {@value ClassifierManifest#PATH}. Same data, settings and machine ⇒ the same weights: initial values
 * come from (seed, parameter), the data order from (seed, epoch).
 */
public final class ClassifierTrainer {
  /**
   * @param epochs passes over the training split
   * @param batchSize examples per Adam step
   * @param learningRate Adam's learning rate
   * @param seed initialisation and data order
   */
  public record Settings(int epochs, int batchSize, double learningRate, long seed) {
    public static final Settings DEFAULT = new Settings(5, 128, 1e-3, 42);

    public Settings {
      checkArgument(epochs > 0 && epochs <= 1000, "epochs must be in 1..1000: %s", epochs);
      checkArgument(batchSize > 0 && batchSize <= 65_536, "batch size must be in 1..65536: %s", batchSize);
      checkArgument(
          learningRate > 0 && Double.isFinite(learningRate),
          "learning rate must be a positive number: %s", learningRate);
    }
  }

  private static final int EVAL_BATCH = 1000;

  private ClassifierTrainer() {}

  /**
   * Trains, evaluates and exports.
   *
   * @param baseDir the classifier's base folder; the export goes to its next version
   * @param commandLine recorded in the manifest
   * @param log progress lines (one per epoch)
   * @return the exported version folder and its manifest
   * @throws IllegalArgumentException if the data has no labels or is not images
   */
  public static ClassifierManifest.Exported train(
      Dataset data, Settings settings, Path baseDir, String commandLine, Consumer<String> log)
      throws IOException {
    Split train = data.train();
    Split test = data.validation();
    checkArgument(
        train.labels() != null && test.labels() != null,
        "dataset %s has no labels: a classifier needs labelled training and validation examples",
        data.name());
    int classes = 1 + Math.max(max(train.labels()), max(test.labels()));
    ClassifierNetwork network = new ClassifierNetwork(data.exampleShape(), classes);
    Path tmp = Files.createTempDirectory("tf-vae-classifier-");
    try {
      Path checkpoint = tmp.resolve("weights");
      double accuracy;
      long start = System.nanoTime();
      try (Graph graph = new Graph()) {
        Ops tf = Ops.create(graph);
        Placeholder<TFloat32> x =
            tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(batchShape(data, -1)));
        Placeholder<TFloat32> oneHot =
            tf.withName("labels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
        Placeholder<TFloat32> rate =
            tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        List<Variable<TFloat32>> variables = network.variables(tf, settings.seed());
        List<Operand<TFloat32>> reads = reads(tf, variables);
        ClassifierNetwork.Outputs out = network.apply(tf, reads, x);
        Ops loss = tf.withSubScope("loss");
        Operand<TFloat32> crossEntropy =
            loss.math.neg(
                loss.reduceSum(
                    loss.math.mul(oneHot, loss.nn.logSoftmax(out.logits())), loss.constant(1)));
        Operand<TFloat32> meanLoss = loss.math.mean(crossEntropy, loss.constant(0));
        Op step =
            AdamOptimizer.minimize(
                tf, meanLoss, variables, reads, rate, AdamOptimizer.Settings.DEFAULT);
        try (Session session = new Session(graph);
            TFloat32 lr = TFloat32.scalarOf((float) settings.learningRate())) {
          int n = train.count();
          for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            int[] order = VaeTrainer.permutation(n, settings.seed(), epoch);
            double lossSum = 0;
            for (int begin = 0; begin < n; begin += settings.batchSize()) {
              int[] rows = Arrays.copyOfRange(order, begin, Math.min(n, begin + settings.batchSize()));
              try (TFloat32 xs = images(data, train, rows);
                  TFloat32 ys = oneHot(train, rows, classes);
                  Result r =
                      session.runner()
                          .feed(x, xs)
                          .feed(oneHot, ys)
                          .feed(rate, lr)
                          .addTarget(step)
                          .fetch(meanLoss)
                          .run()) {
                float value = ((TFloat32) r.get(0)).getFloat();
                if (!Float.isFinite(value)) {
                  throw new IllegalStateException(
                      "classifier training diverged in epoch " + epoch + " (loss " + value + ")");
                }
                lossSum += value * rows.length;
              }
            }
            accuracy = accuracy(session, x, out.logits(), data, test);
            log.accept(String.format(java.util.Locale.ROOT,
                "classifier epoch %d/%d: loss %.4f, test accuracy %.4f", epoch, settings.epochs(),
                lossSum / n, accuracy));
          }
          accuracy = accuracy(session, x, out.logits(), data, test);
          session.save(checkpoint.toString());
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      ClassifierManifest manifest =
          ClassifierManifest.of(data, classes, ClassifierNetwork.FEATURES, settings, accuracy, seconds,
              commandLine);
      Path version = export(network, data, checkpoint, tmp.resolve("model"), manifest, baseDir);
      return new ClassifierManifest.Exported(version, manifest);
    } finally {
      MoreFiles.deleteRecursively(tmp, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  /** Builds the inference graph, restores the trained weights, writes the SavedModel and manifest. */
  private static Path export(
      ClassifierNetwork network,
      Dataset data,
      Path checkpoint,
      Path savedModel,
      ClassifierManifest manifest,
      Path baseDir)
      throws IOException {
    Files.createDirectories(baseDir);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.withName(Classifier.INPUT)
              .placeholder(TFloat32.class, Placeholder.shape(batchShape(data, -1)));
      List<Variable<TFloat32>> variables = network.variables(tf, null);
      ClassifierNetwork.Outputs out = network.apply(tf, reads(tf, variables), x);
      Operand<TFloat32> features = tf.withName(Classifier.FEATURES).identity(out.features());
      Operand<TFloat32> logits = tf.withName(Classifier.LOGITS).identity(out.logits());
      Signature signature =
          Signature.builder()
              .key(Signature.DEFAULT_KEY)
              .methodName(SignatureContract.METHOD_NAME)
              .input(Classifier.INPUT, x)
              .output(Classifier.LOGITS, logits)
              .output(Classifier.FEATURES, features)
              .build();
      try (Session session = new Session(graph)) {
        session.restore(checkpoint.toString());
        SavedModelBundle.exporter(savedModel.toString())
            .withTags(SignatureContract.TAG)
            .withSession(session)
            .withSignatures(signature)
            .export();
      }
    }
    Path manifestFile = savedModel.resolve(ClassifierManifest.PATH);
    Files.createDirectories(manifestFile.getParent());
    Files.writeString(manifestFile, manifest.toJson());
    return SavedModelExporter.moveToNextVersion(savedModel, baseDir);
  }

  private static List<Operand<TFloat32>> reads(Ops tf, List<Variable<TFloat32>> variables) {
    List<Operand<TFloat32>> reads = new ArrayList<>();
    for (Variable<TFloat32> v : variables) {
      // Math never touches a variable's ref-typed output directly (it can crash gradient building).
      reads.add(tf.identity(v));
    }
    return reads;
  }

  /** Share of {@code split}'s examples whose largest logit is their label. */
  private static double accuracy(
      Session session, Placeholder<TFloat32> x, Operand<TFloat32> logits, Dataset data, Split split) {
    int correct = 0;
    int classes = (int) logits.shape().get(1);
    for (int begin = 0; begin < split.count(); begin += EVAL_BATCH) {
      int count = Math.min(EVAL_BATCH, split.count() - begin);
      int first = begin;
      int[] rows = new int[count];
      Arrays.setAll(rows, i -> first + i);
      try (TFloat32 xs = images(data, split, rows);
          Result r = session.runner().feed(x, xs).fetch(logits).run()) {
        float[] values = new float[count * classes];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(values, false, false));
        for (int i = 0; i < count; i++) {
          if (Classifier.argmax(values, i * classes, classes) == split.labels()[rows[i]]) {
            correct++;
          }
        }
      }
    }
    return correct / (double) split.count();
  }

  private static TFloat32 images(Dataset data, Split split, int[] rows) {
    int size = split.exampleSize();
    float[] values = new float[rows.length * size];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(split.values(), rows[i] * size, values, i * size, size);
    }
    return TFloat32.tensorOf(batchShape(data, rows.length), DataBuffers.of(values, true, false));
  }

  private static TFloat32 oneHot(Split split, int[] rows, int classes) {
    float[] values = new float[rows.length * classes];
    for (int i = 0; i < rows.length; i++) {
      values[i * classes + split.labels()[rows[i]]] = 1;
    }
    return TFloat32.tensorOf(Shape.of(rows.length, classes), DataBuffers.of(values, true, false));
  }

  private static Shape batchShape(Dataset data, long batch) {
    long[] dims = new long[data.exampleShape().size() + 1];
    dims[0] = batch;
    for (int i = 0; i < data.exampleShape().size(); i++) {
      dims[i + 1] = data.exampleShape().get(i);
    }
    return Shape.of(dims);
  }

  private static int max(int[] labels) {
    int m = 0;
    for (int label : labels) {
      checkArgument(label >= 0, "labels must be >= 0, got %s", label);
      m = Math.max(m, label);
    }
    return m;
  }
}
