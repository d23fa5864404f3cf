package dev.tfvae.train.examples;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes {@code examples/two-factor.csv}: a table whose 8 numeric columns are driven by two hidden factors
 * u, v ~ N(0, 1), some linearly and some not, on very different scales, plus a {@code quadrant} label
 * (0–3: the signs of u and v). A 2-D latent space can explain it; two principal components cannot
 * capture the curved columns. Deterministic; {@code TwoFactorTableTest} checks the committed file is
 * exactly what this writes.
 *
 * <p>{@code examples/two-factor-factors.csv} holds the same rows with the hidden factors recorded in two
 * more columns, {@code u} and {@code v}: the table {@code factors --dataset csv:… --factor-columns u,v}
 * measures a model of {@code two-factor.csv} against (its held-out rows are the model's validation rows).
 *
 * <pre>mvn -q -pl tf-vae-train exec:java … or run main with the output path</pre>
 */
public final class TwoFactorTable {
  public static final int ROWS = 5000;
  public static final String HEADER =
      "linear_u,linear_v,product,sine_u,big_offset,exp_v,saddle,noise,quadrant";

  private TwoFactorTable() {}

  /** The header of the table with the factors recorded. */
  public static final String FACTORS_HEADER = HEADER + ",u,v";

  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args.length > 0 ? args[0] : "examples");
    write(folder.resolve("two-factor.csv"), false);
    write(folder.resolve("two-factor-factors.csv"), true);
  }

  /** Writes the table, with the columns {@code u} and {@code v} at the end when {@code factors}. */
  public static void write(Path file, boolean factors) throws IOException {
    SplittableRandom random = new SplittableRandom(2024);
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write((factors ? FACTORS_HEADER : HEADER) + "\n");
      for (int i = 0; i < ROWS; i++) {
        double u = gaussian(random);
        double v = gaussian(random);
        double[] row = {
          2 * u + 0.1 * gaussian(random),
          -v + 0.1 * gaussian(random),
          u * v + 0.1 * gaussian(random),
          10 * Math.sin(u) + 0.1 * gaussian(random),
          1000 + 50 * (u + v) + gaussian(random),
          Math.exp(0.5 * v) + 0.05 * gaussian(random),
          u * u - v * v + 0.1 * gaussian(random),
          0.3 * gaussian(random)
        };
        StringBuilder line = new StringBuilder();
        for (double value : row) {
          line.append(String.format(Locale.ROOT, "%.4f", value)).append(',');
        }
        line.append((u > 0 ? 1 : 0) + (v > 0 ? 2 : 0));
        if (factors) {
          line.append(String.format(Locale.ROOT, ",%.4f,%.4f", u, v));
        }
        out.write(line.append('\n').toString());
      }
    }
  }

  private static double gaussian(SplittableRandom random) {
    // Box–Muller, so the file does not depend on a JDK's nextGaussian implementation.
    double a = 1 - random.nextDouble();
    double b = random.nextDouble();
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
  }
}
