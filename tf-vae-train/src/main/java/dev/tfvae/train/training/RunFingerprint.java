package dev.tfvae.train.training;

import dev.tfvae.core.model.CliNames;
import dev.tfvae.core.model.LearningRateSchedule;
import dev.tfvae.core.model.Objective;
import dev.tfvae.core.model.TrainingSettings;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.train.data.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The settings that decide a run's trajectory, step by step: a checkpoint resumes only a run whose
 * fingerprint {@linkplain #equals equals} its own. Stored in each checkpoint's {@code state.json}.
 * Settings that only decide where the run stops (epochs, unless the schedule depends on the run's length;
 * early-stopping patience) or where it writes are not part of it.
 *
 * @param model the model as built for the data
 * @param dataset the {@code --dataset} value
 * @param trainingExamples examples in the training split
 * @param batchSize examples per step
 * @param learningRate the base learning rate
 * @param schedule the learning-rate schedule
 * @param scheduleEpochs the run's epochs when the schedule depends on them, else 0
 * @param klWarmupEpochs the KL warm-up
 * @param freeBits the free bits per latent dimension
 * @param seed the seed of initialisation, data order and noise
 * @param objective the training objective (checkpoints written before it was recorded used the ELBO)
 * @param importanceSamples K of the importance-weighted objective (1 for the ELBO)
 * @param denoiseSigma the denoising noise's standard deviation (0, as in checkpoints written before it
 *     was recorded: none)
 * @param maskRate the denoising masking rate (0, as in checkpoints written before it was recorded: none)
 * @param dataOrder how epochs order the examples: in memory, or streamed with its chunk and window sizes
 *     (checkpoints written before it was recorded were all in memory)
 */
record RunFingerprint(
    VaeConfig model,
    String dataset,
    int trainingExamples,
    int batchSize,
    double learningRate,
    LearningRateSchedule schedule,
    int scheduleEpochs,
    double klWarmupEpochs,
    double freeBits,
    long seed,
    Objective objective,
    int importanceSamples,
    double denoiseSigma,
    double maskRate,
    String dataOrder) {

  RunFingerprint {
    objective = objective == null ? Objective.ELBO : objective;
    importanceSamples = importanceSamples == 0 ? 1 : importanceSamples;
    dataOrder = dataOrder == null ? InMemoryBatches.ORDER : dataOrder;
  }

  /** One setting: how a refusal names it, and where it is read. */
  private record Setting(String name, Function<RunFingerprint, Object> value) {}

  private static final List<Setting> SETTINGS =
      List.of(
          new Setting("model kind", f -> f.model().kind()),
          new Setting("architecture", f -> f.model().arch()),
          new Setting("hidden layers", f -> f.model().hidden()),
          new Setting("latent dimensions", f -> f.model().latentDim()),
          new Setting("likelihood", f -> f.model().likelihood()),
          new Setting("beta", f -> f.model().beta()),
          new Setting("input shape", f -> f.model().inputShape()),
          new Setting("classes (conditional)", f -> f.model().classes()),
          new Setting("dataset", RunFingerprint::dataset),
          new Setting("training examples", RunFingerprint::trainingExamples),
          new Setting("batch size", RunFingerprint::batchSize),
          new Setting("learning rate", RunFingerprint::learningRate),
          new Setting("learning-rate schedule", RunFingerprint::schedule),
          new Setting("epochs of the schedule", RunFingerprint::scheduleEpochs),
          new Setting("KL warm-up epochs", RunFingerprint::klWarmupEpochs),
          new Setting("free bits", RunFingerprint::freeBits),
          new Setting("seed", RunFingerprint::seed),
          new Setting("objective", RunFingerprint::objective),
          new Setting("importance samples", RunFingerprint::importanceSamples),
          new Setting("denoising noise sigma", RunFingerprint::denoiseSigma),
          new Setting("masking rate", RunFingerprint::maskRate),
          new Setting("data order", RunFingerprint::dataOrder));

  static RunFingerprint of(
      VaeConfig model, TrainingData data, TrainingSettings settings, String dataOrder) {
    return new RunFingerprint(
        model,
        data.name(),
        data.train().count(),
        settings.batchSize(),
        settings.learningRate(),
        settings.schedule(),
        settings.schedule().dependsOnRunLength() ? settings.epochs() : 0,
        settings.klWarmupEpochs(),
        settings.freeBits(),
        settings.seed(),
        settings.objective(),
        settings.importanceSamples(),
        settings.denoiseSigma(),
        settings.maskRate(),
        dataOrder);
  }

  /**
   * What differs between this fingerprint (a checkpoint's) and {@code now}, one entry per setting, e.g.
   * "batch size 64 in the checkpoint, 128 now"; empty when they are equal.
   */
  List<String> differences(RunFingerprint now) {
    List<String> out = new ArrayList<>();
    for (Setting s : SETTINGS) {
      Object then = s.value().apply(this);
      Object current = s.value().apply(now);
      if (!then.equals(current)) {
        out.add(s.name() + " " + text(then) + " in the checkpoint, " + text(current) + " now");
      }
    }
    if (out.isEmpty() && !equals(now)) {
      out.add("the checkpoint's settings " + this + ", now " + now);
    }
    return out;
  }

  private static String text(Object value) {
    return value instanceof Enum<?> e ? CliNames.of(e) : String.valueOf(value);
  }
}
