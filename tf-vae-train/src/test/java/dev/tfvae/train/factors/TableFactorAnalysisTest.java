package dev.tfvae.train.factors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.train.data.FactorTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-out that measures a table's factor on decoded rows recovers a factor the features show
 * linearly (held-out R² near 1) and not one they do not show (near 0); the attribute regression
 * recovers each factor's direction in codes built from the factors, with the others held fixed.
 */
class TableFactorAnalysisTest {
  @Test
  void readOutsAndAttributeVectorsRecoverKnownAnswers(@TempDir Path dir) throws Exception {
    SplittableRandom random = new SplittableRandom(9);
    List<String> lines = new ArrayList<>(List.of("x1,x2,x3,u,v,hidden,kind"));
    for (int r = 0; r < 2000; r++) {
      double u = random.nextGaussian();
      double v = random.nextGaussian();
      double hidden = random.nextGaussian();
      int kind = random.nextInt(3);
      // u and v show linearly (mixed, on other scales); hidden does not show at all.
      lines.add(String.format(java.util.Locale.ROOT, "%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%s",
          3 * u + v + 0.01 * random.nextGaussian(), 100 - 2 * v + 0.01 * random.nextGaussian(),
          random.nextGaussian(), u, v, hidden, "k" + kind));
    }
    Path file = Files.write(dir.resolve("t.csv"), lines);
    FactorTable table = FactorTable.read(file, List.of("x1", "x2", "x3"), List.of("u", "v", "hidden", "kind"), java.util.Set.of());
    FactorTable.Part fit = table.fit();
    FactorTable.Part held = table.held();
    for (int k = 0; k < 3; k++) {
      TableFactorAnalysis.ReadOut r = TableFactorAnalysis.ReadOut
          .fit(table, fit.rows(), fit.factors().get(k).values())
          .scored(held.rows(), held.factors().get(k).values());
      if (k < 2) {
        assertTrue(r.r2() > 0.999, "factor " + k + ": R² " + r.r2());
      } else {
        assertTrue(Math.abs(r.r2()) < 0.05, "an invisible factor: R² " + r.r2());
      }
    }

    // Codes: z0 = 2u − v + 0.5·[kind = 1], z1 = 0.3v + hidden; per unit of u, v, hidden: (2, 0), (−1, 0.3), (0, 1).
    List<FactorTable.Column> f = fit.factors();
    float[][] mu = new float[fit.count()][2];
    double[] u = f.get(0).values();
    double[] v = f.get(1).values();
    double[] h = f.get(2).values();
    double[] kind = f.get(3).values();
    for (int i = 0; i < mu.length; i++) {
      mu[i][0] = (float) (2 * u[i] - v[i] + 0.5 * (kind[i] == 1 ? 1 : 0) + 0.001 * random.nextGaussian());
      mu[i][1] = (float) (0.3 * v[i] + h[i] + 0.001 * random.nextGaussian());
    }
    double[][] vectors = TableFactorAnalysis.attributeVectors(table, mu, f, List.of(0, 1, 2));
    double[][] truth = {{2, 0}, {-1, 0.3}, {0, 1}};
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(truth[k][j], vectors[k][j], 2e-3, "factor " + k + ", dimension " + j);
      }
    }
  }
}
