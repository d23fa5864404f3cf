package dev.tfvae.train.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-set figures, each a mean per example with β = 1 (the true negative ELBO), as defined in DESIGN.md.
 *
 * @param negElbo recon (one sampled z per example) + kl
 * @param negElboMu recon at z = μ + kl
 * @param recon reconstruction term with a sampled z
 * @param kl KL(q(z|x) ‖ N(0, I))
 * @param msePerPixel mean squared error of the reconstruction from μ, per value
 * @param activeUnits latent dimensions whose μ varies across examples by more than 0.01 (variance)
 * @param iwaeNll importance-weighted bound with {@code iwaeSamples} samples, or {@code NaN} if not run
 * @param iwaeSamples K of the bound (0 if not run)
 * @param iwaeExamples examples the bound was computed on
 * @param examples examples evaluated
 */
public record EvalMetrics(
    double negElbo,
    double negElboMu,
    double recon,
    double kl,
    double msePerPixel,
    int activeUnits,
    double iwaeNll,
    int iwaeSamples,
    int iwaeExamples,
    int examples) {

  /** These figures with the importance-weighted bound {@code nll} of K = {@code samples}. */
  public EvalMetrics withImportanceBound(double nll, int samples, int examplesBounded) {
    return new EvalMetrics(
        negElbo, negElboMu, recon, kl, msePerPixel, activeUnits, nll, samples, examplesBounded,
        examples);
  }

  /** The figures under their DESIGN.md names, for JSON and manifests. */
  public Map<String, Double> asMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    map.put("neg_elbo", negElbo);
    map.put("neg_elbo_mu", negElboMu);
    map.put("recon", recon);
    map.put("kl", kl);
    map.put("mse_per_pixel", msePerPixel);
    map.put("active_units", (double) activeUnits);
    if (iwaeSamples > 0) {
      map.put("iwae_nll", iwaeNll);
      map.put("iwae_samples", (double) iwaeSamples);
      map.put("iwae_examples", (double) iwaeExamples);
    }
    map.put("examples", (double) examples);
    return map;
  }
}
