package dev.tfvae.train.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep's finished runs, one JSON object per line of {@code results.jsonl}, appended as each run
 * finishes (one write of a whole line, forced to disk), so an interrupted sweep keeps every run it
 * finished and a rerun skips them. A line that does not parse (a write cut short) is ignored.
 *
 * <p>Each line holds {@code run}, {@code settings} (what besides the grid point defines the run: data,
 * epochs, …), {@code latent}, {@code hidden}, {@code beta}, the held-out {@code recon}, {@code kl},
 * {@code neg_elbo}, {@code mse_per_pixel}, optionally {@code iwae_nll}, {@code export_path} and
 * {@code seconds}.
 */
public final class SweepResults {
  static final String FILE = "results.jsonl";
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Path file;

  public SweepResults(Path folder) {
    this.file = folder.resolve(FILE);
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** Every parseable line, by run name (a later line of the same run wins). */
  public Map<String, JsonNode> read() throws IOException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        if (node.hasNonNull("run")) {
          out.put(node.get("run").asText(), node);
        }
      } catch (IOException e) {
        // A line cut short by an interrupted write: that run counts as not finished.
      }
    }
    return out;
  }

  /**
   * Appends one finished run, on a line of its own: after a line cut short (no final newline) it
   * starts a new line, so the cut line stays the only one lost.
   */
  public void append(Map<String, Object> result) throws IOException {
    String text = JSON.writeValueAsString(result) + "\n";
    if (Files.exists(file) && Files.size(file) > 0 && !endsWithNewline()) {
      text = "\n" + text;
    }
    byte[] line = text.getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  private boolean endsWithNewline() throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, channel.size() - 1);
      return last.get(0) == '\n';
    }
  }

  /** The finished runs of {@code grid}, in the grid's order. */
  public List<JsonNode> of(List<SweepRun> grid) throws IOException {
    Map<String, JsonNode> all = read();
    List<JsonNode> out = new ArrayList<>();
    for (SweepRun run : grid) {
      if (all.containsKey(run.name())) {
        out.add(all.get(run.name()));
      }
    }
    return out;
  }
}
