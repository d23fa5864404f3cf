package dev.tfvae.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval --iwae} and {@code score --iwae}, each in a process of its own as a user runs them, give one
 * number: eval's {@code iwae_nll} is exactly the mean of score's column over the same examples. (Within
 * one process that follows from the shared implementation; across processes it also needs eval to set
 * up TensorFlow as score does, whose first session decides the process-wide thread pool.)
 */
class ImportanceBoundTest {
  private static final String MODEL = "../savedmodels/fashion-mnist-vae";

  @Test
  void evalAndScoreInTheirOwnProcessesGiveOneBound(@TempDir Path dir) throws Exception {
    int limit = 23;
    Path evalOut = dir.resolve("eval.json");
    assertEquals(0, CliProcess.run(List.of("eval", "--model", MODEL, "--dataset", "shapes", "--iwae", "9",
        "--limit", Integer.toString(limit), "--seed", "3", "--json"), evalOut, dir.resolve("eval.log")),
        () -> read(dir.resolve("eval.log")));
    Path csv = dir.resolve("scores.csv");
    assertEquals(0, CliProcess.run(List.of("score", "--model", MODEL, "--dataset", "shapes", "--iwae", "9",
        "--seed", "3", "--out", csv.toString()), dir.resolve("score.out"), dir.resolve("score.log")),
        () -> read(dir.resolve("score.log")));

    JsonNode eval = new ObjectMapper().readTree(evalOut.toFile());
    List<String> rows = Files.readAllLines(csv);
    int column = List.of(rows.get(0).split(",")).indexOf("iwae_nll");
    double sum = 0;
    for (int i = 1; i <= limit; i++) {
      sum += Double.parseDouble(rows.get(i).split(",")[column]);
    }
    assertEquals(sum / limit, eval.get("iwae_nll").asDouble(), 0.0);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
