package dev.tfvae.core.contract;

import dev.tfvae.core.base.Ordered;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.VaeConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The names a tf-vae SavedModel promises (DESIGN.md, "SavedModel contract"): its tag, the method name of
 * every signature, and each signature's input and output keys. Exporters build to it; loaders check it.
 */
public final class SignatureContract {
  public static final String TAG = "serve";
  public static final String METHOD_NAME = "tensorflow/serving/predict";

  public static final String SERVING_DEFAULT = "serving_default";
  public static final String ENCODE = "encode";
  public static final String DECODE = "decode";
  public static final String GENERATE = "generate";
  public static final String SCORE = "score";
  /** Extension: log p(x | z) for given inputs and codes (importance-sampled scores). VAEs only. */
  public static final String LOG_LIKELIHOOD = "log_likelihood";

  public static final String X = "x";
  public static final String Z = "z";
  public static final String N = "n";
  public static final String SEED = "seed";
  /**
   * Input of every signature of a conditional model: the one-hot label, float32 {@code [-1, C]} (of
   * {@code generate}: one row for all samples, or one per sample).
   */
  public static final String LABEL = "label";

  public static final String RECONSTRUCTION = "reconstruction";
  public static final String MEAN = "mean";
  public static final String LOG_VARIANCE = "log_variance";
  public static final String SAMPLES = "samples";
  public static final String NEG_ELBO = "neg_elbo";
  public static final String RECONSTRUCTION_LOSS = "reconstruction_loss";
  public static final String KL = "kl";
  /** Output of {@link #LOG_LIKELIHOOD}: log p(x | z) per example. */
  public static final String LOG_PX_Z = "log_px_z";

  /** Manifest location inside a version folder. */
  public static final String MANIFEST_PATH = "assets.extra/tfvae-manifest.json";

  public static final String MODEL_CARD = "MODEL_CARD.md";

  /**
   * Inputs and outputs of one signature.
   *
   * @param inputs input keys
   * @param outputs output keys
   */
  public record Keys(Set<String> inputs, Set<String> outputs) {
    public Keys {
      inputs = Ordered.setOf(inputs);
      outputs = Ordered.setOf(outputs);
    }
  }

  private SignatureContract() {}

  /**
   * The signatures {@code config}'s model must export, by signature key: those of its kind, and for a
   * conditional model each with the input {@link #LABEL} besides.
   */
  public static Map<String, Keys> signatures(VaeConfig config) {
    return config.conditional() ? withLabel(signatures(config.kind())) : signatures(config.kind());
  }

  /** The {@link #extensions} of {@code config}'s model, with {@link #LABEL} for a conditional one. */
  public static Map<String, Keys> extensions(VaeConfig config) {
    return config.conditional() ? withLabel(extensions(config.kind())) : extensions(config.kind());
  }

  private static Map<String, Keys> withLabel(Map<String, Keys> signatures) {
    Map<String, Keys> out = new LinkedHashMap<>();
    signatures.forEach((key, keys) -> {
      Set<String> inputs = new java.util.LinkedHashSet<>(keys.inputs());
      inputs.add(LABEL);
      out.put(key, new Keys(inputs, keys.outputs()));
    });
    return Collections.unmodifiableMap(out);
  }

  /**
   * The signatures an unconditional model of {@code kind} must export, by signature key (in a fixed
   * order).
   */
  public static Map<String, Keys> signatures(ModelKind kind) {
    Map<String, Keys> map = new LinkedHashMap<>();
    map.put(SERVING_DEFAULT, new Keys(Ordered.setOf(X), Ordered.setOf(RECONSTRUCTION)));
    if (kind == ModelKind.AE) {
      map.put(ENCODE, new Keys(Ordered.setOf(X), Ordered.setOf(MEAN)));
      map.put(DECODE, new Keys(Ordered.setOf(Z), Ordered.setOf(RECONSTRUCTION)));
      map.put(SCORE, new Keys(Ordered.setOf(X), Ordered.setOf(RECONSTRUCTION_LOSS)));
    } else {
      map.put(ENCODE, new Keys(Ordered.setOf(X), Ordered.setOf(MEAN, LOG_VARIANCE)));
      map.put(DECODE, new Keys(Ordered.setOf(Z), Ordered.setOf(RECONSTRUCTION)));
      map.put(GENERATE, new Keys(Ordered.setOf(N, SEED), Ordered.setOf(SAMPLES)));
      map.put(SCORE, new Keys(Ordered.setOf(X), Ordered.setOf(NEG_ELBO, RECONSTRUCTION_LOSS, KL)));
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Signatures beyond the contract's table that an unconditional model of {@code kind} exports and that
   * are checked when present; models exported by earlier versions lack them, and the features that need
   * them say so.
   */
  public static Map<String, Keys> extensions(ModelKind kind) {
    return kind == ModelKind.AE
        ? Map.of()
        : Map.of(LOG_LIKELIHOOD, new Keys(Ordered.setOf(X, Z), Ordered.setOf(LOG_PX_Z)));
  }
}
