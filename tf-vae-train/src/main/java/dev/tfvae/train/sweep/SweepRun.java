package dev.tfvae.train.sweep;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One point of a sweep's grid.
 *
 * @param latent latent dimensions
 * @param hidden hidden layer sizes
 * @param beta KL weight of the training loss
 */
public record SweepRun(int latent, List<Integer> hidden, double beta) {
  /** The most runs one sweep may have. */
  public static final int MAX_RUNS = 1_000;

  public SweepRun {
    hidden = List.copyOf(hidden);
  }

  /** The run's name, also its folder: {@code latent20-h512x256-beta0.5}. */
  public String name() {
    return "latent" + latent + "-h"
        + hidden.stream().map(String::valueOf).collect(Collectors.joining("x"))
        + "-beta" + number(beta);
  }

  /** {@code --hidden}'s spelling of the hidden sizes: {@code 512,256}. */
  public String hiddenText() {
    return hidden.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** Every combination, latent sizes outermost, then hidden layers, then β. */
  public static List<SweepRun> grid(List<Integer> latents, List<List<Integer>> hiddens, List<Double> betas) {
    checkArgument(!latents.isEmpty() && !hiddens.isEmpty() && !betas.isEmpty(), "an empty grid");
    long size = (long) latents.size() * hiddens.size() * betas.size();
    checkArgument(size <= MAX_RUNS, "the grid has %s runs; at most %s", size, MAX_RUNS);
    List<SweepRun> out = new ArrayList<>();
    for (int latent : latents) {
      for (List<Integer> hidden : hiddens) {
        for (double beta : betas) {
          SweepRun run = new SweepRun(latent, hidden, beta);
          checkArgument(out.stream().noneMatch(r -> r.name().equals(run.name())),
              "the grid names run %s twice", run.name());
          out.add(run);
        }
      }
    }
    return out;
  }

  /** A number as a name part: no trailing zeros ({@code 1}, {@code 0.5}). */
  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%s", v);
  }
}
