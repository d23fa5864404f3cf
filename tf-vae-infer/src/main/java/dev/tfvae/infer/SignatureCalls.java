package dev.tfvae.infer;

import static dev.tfvae.core.base.Preconditions.checkArgument;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.core.model.Likelihood;
import dev.tfvae.core.model.ModelKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a loaded model's signatures: which graph tensors a signature feeds and fetches, how wide each
 * output is, and how its rows reach the {@link Engine}. A single example runs through a pooled prepared
 * call, a batch through the {@link BatchRunner} (its values checked row by row as they are fed), every
 * call under the model's {@link CallGuard}. It owns the engine and closes it. {@link VaeModel} is the
 * public face over it: it picks the signature and outputs and turns the fetched values into results.
 */
final class SignatureCalls implements AutoCloseable {
  /** Outputs of several signatures fetched by one batch call that feeds them all the same input. */
  record Combined(String input, List<String> fetches, int[] widths) {}

  private final Map<String, SignatureSpec> signatures;
  private final Engine engine;
  private final BatchRunner batches;
  private final PreparedCalls prepared;
  private final InputChecks checks;
  private final CallGuard guard;
  private final Labels labels;
  private final boolean variational;
  private final int inputSize;
  private final int latentDim;
  private final long[] exampleDims;
  private final long[] codeDims;

  SignatureCalls(Path path, ModelManifest manifest, Map<String, SignatureSpec> signatures, Engine engine,
      int partsPerBatch, Labels labels) {
    this.signatures = signatures;
    this.engine = engine;
    this.batches = new BatchRunner(engine, partsPerBatch);
    this.prepared = new PreparedCalls(engine);
    this.checks = new InputChecks(manifest.config().likelihood() == Likelihood.BERNOULLI);
    this.guard = new CallGuard(path);
    this.labels = labels;
    this.variational = manifest.config().kind() == ModelKind.VAE;
    this.inputSize = manifest.config().inputSize();
    this.latentDim = manifest.config().latentDim();
    long[] batch = manifest.config().batchShape(1);
    this.exampleDims = Arrays.copyOfRange(batch, 1, batch.length);
    this.codeDims = new long[] {latentDim};
  }

  /** The single-example call of {@code signature} fetching {@code outputs}. */
  Engine.CallSpec single(String signature, List<String> outputs) {
    SignatureSpec s = signatures.get(signature);
    String key = inputKey(signature);
    return new Engine.CallSpec(s.inputs().get(key).tensorName(), dims(key), fetches(signature, outputs),
        widths(outputs));
  }

  /** Checks example {@code x} of input {@code key} ({@code x}, or {@code z}) and runs it through {@code call}. */
  float[][] one(String key, Engine.CallSpec call, float[] x) {
    checks.checkExample(x, key.equals(SignatureContract.Z) ? latentDim : inputSize, key);
    return guard.call(() -> prepared.run(call, x));
  }

  /**
   * Runs {@code signature} on every row of a batch, with the rows' labels for a conditional model
   * ({@code null} otherwise); returns {@code [output][row][values]}.
   */
  float[][][] rows(String signature, float[][] rows, int[] rowLabels, List<String> outputs) {
    SignatureSpec s = signatures.get(signature);
    String key = inputKey(signature);
    TensorSpec label = s.inputs().get(SignatureContract.LABEL);
    return feed(s.inputs().get(key).tensorName(), key, rows, label == null ? null : label.tensorName(),
        rowLabels, fetches(signature, outputs), widths(outputs));
  }

  /** What {@code encode} fetches: μ, and log σ² of a VAE. */
  List<String> encodeOutputs() {
    return variational
        ? List.of(SignatureContract.MEAN, SignatureContract.LOG_VARIANCE)
        : List.of(SignatureContract.MEAN);
  }

  /** What {@code score} fetches: the negative ELBO and its terms for a VAE, else the reconstruction term. */
  List<String> scoreOutputs() {
    return variational
        ? List.of(SignatureContract.NEG_ELBO, SignatureContract.RECONSTRUCTION_LOSS, SignatureContract.KL)
        : List.of(SignatureContract.RECONSTRUCTION_LOSS);
  }

  /**
   * One call fetching every part of {@code parts}, in {@link Analysis.Part} order (a score's outputs as
   * {@link #scoreOutputs}); {@code null} when their signatures feed different graph tensors.
   */
  Combined combine(Set<Analysis.Part> parts) {
    String input = null;
    List<String> fetches = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (Analysis.Part part : Analysis.Part.values()) {
      if (!parts.contains(part)) {
        continue;
      }
      String signature = switch (part) {
        case MEAN, LOG_VARIANCE -> SignatureContract.ENCODE;
        case SCORE -> SignatureContract.SCORE;
        case RECONSTRUCTION -> SignatureContract.SERVING_DEFAULT;
      };
      List<String> outputs = switch (part) {
        case MEAN -> List.of(SignatureContract.MEAN);
        case LOG_VARIANCE -> List.of(SignatureContract.LOG_VARIANCE);
        case SCORE -> scoreOutputs();
        case RECONSTRUCTION -> List.of(SignatureContract.RECONSTRUCTION);
      };
      String x = signatures.get(signature).inputs().get(SignatureContract.X).tensorName();
      if (input != null && !input.equals(x)) {
        return null;
      }
      input = x;
      fetches.addAll(fetches(signature, outputs));
      all.addAll(outputs);
    }
    return new Combined(input, fetches, widths(all));
  }

  /** Runs a {@link #combine combined} call on every row of {@code xs} (with their labels, or null). */
  float[][][] rows(Combined call, float[][] xs, int[] rowLabels) {
    TensorSpec label = signatures.get(SignatureContract.ENCODE).inputs().get(SignatureContract.LABEL);
    return feed(call.input(), SignatureContract.X, xs, label == null ? null : label.tensorName(),
        rowLabels, call.fetches(), call.widths());
  }

  /** log p(x_i | z_i, label_i) of each row, from the {@code log_likelihood} signature. */
  float[] logLikelihood(float[][] xs, float[][] zs, int[] rowLabels) {
    InputChecks.checkShape(xs, inputSize, SignatureContract.X);
    InputChecks.checkShape(zs, latentDim, SignatureContract.Z);
    checkArgument(xs.length == zs.length, "%s inputs but %s codes", xs.length, zs.length);
    checkRows(xs.length);
    labels.check(rowLabels, xs.length);
    SignatureSpec s = signatures.get(SignatureContract.LOG_LIKELIHOOD);
    List<Engine.FloatFeed> feeds = new ArrayList<>();
    feeds.add(feed(s, SignatureContract.X, xs));
    feeds.add(feed(s, SignatureContract.Z, zs));
    if (rowLabels != null) {
      feeds.add(labels.feed(s.inputs().get(SignatureContract.LABEL).tensorName(), rowLabels));
    }
    List<String> fetch = fetches(SignatureContract.LOG_LIKELIHOOD, List.of(SignatureContract.LOG_PX_Z));
    float[][] r = guard.call(() -> batches.run(feeds, fetch, new int[] {1}))[0];
    float[] out = new float[xs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = r[i][0];
    }
    return out;
  }

  /** {@code n} decoded prior samples from the {@code generate} signature, with labels or {@code null}. */
  float[][] generate(int n, long[] seed, int[] sampleLabels) {
    SignatureSpec s = signatures.get(SignatureContract.GENERATE);
    Engine.FloatFeed labelFeed = sampleLabels == null
        ? null
        : labels.feed(s.inputs().get(SignatureContract.LABEL).tensorName(), sampleLabels);
    return guard.call(() -> engine.generate(
        s.inputs().get(SignatureContract.N).tensorName(), n,
        s.inputs().get(SignatureContract.SEED).tensorName(), seed, labelFeed,
        s.outputs().get(SignatureContract.SAMPLES).tensorName(), inputSize));
  }

  /** Waits for running calls, then releases the prepared calls, the batch threads and the engine. */
  @Override
  public void close() {
    guard.close(() -> {
      prepared.close();
      batches.close();
      engine.close();
    });
  }

  /**
   * Feeds every row of a batch to graph tensor {@code input}, an input {@code key} ({@code x}, or
   * {@code z} for decode), and each row's one-hot label to {@code labelInput} (a conditional model), and
   * fetches {@code fetches}.
   */
  private float[][][] feed(String input, String key, float[][] rows, String labelInput, int[] rowLabels,
      List<String> fetches, int[] widths) {
    boolean code = key.equals(SignatureContract.Z);
    InputChecks.checkShape(rows, code ? latentDim : inputSize, key);
    checkRows(rows.length);
    labels.check(rowLabels, rows.length);
    List<Engine.FloatFeed> feeds = new ArrayList<>();
    feeds.add(new Engine.FloatFeed(input, rows, dims(key), checks.valuesOf(key)));
    if (rowLabels != null) {
      feeds.add(labels.feed(labelInput, rowLabels));
    }
    return guard.call(() -> batches.run(feeds, fetches, widths));
  }

  private Engine.FloatFeed feed(SignatureSpec s, String key, float[][] rows) {
    return new Engine.FloatFeed(s.inputs().get(key).tensorName(), rows, dims(key), checks.valuesOf(key));
  }

  private static void checkRows(int rows) {
    checkArgument(rows <= VaeModel.MAX_BATCH_ROWS, "%s rows in one call; at most %s (split the batch)",
        rows, VaeModel.MAX_BATCH_ROWS);
  }

  /** The single input of {@code signature}: {@code x}, or {@code z} for decode. */
  private static String inputKey(String signature) {
    return signature.equals(SignatureContract.DECODE) ? SignatureContract.Z : SignatureContract.X;
  }

  private long[] dims(String key) {
    return key.equals(SignatureContract.Z) ? codeDims : exampleDims;
  }

  private int[] widths(List<String> outputs) {
    return outputs.stream().mapToInt(this::width).toArray();
  }

  private int width(String output) {
    return switch (output) {
      case SignatureContract.MEAN, SignatureContract.LOG_VARIANCE -> latentDim;
      case SignatureContract.RECONSTRUCTION, SignatureContract.SAMPLES -> inputSize;
      default -> 1;
    };
  }

  private List<String> fetches(String signature, List<String> outputs) {
    SignatureSpec s = signatures.get(signature);
    return outputs.stream().map(o -> s.outputs().get(o).tensorName()).toList();
  }
}
