package dev.tfvae.train.cli;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.tfvae.infer.Score;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.train.io.AtomicFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The commands that write one CSV row per example: embeddings and anomaly scores, of a dataset's
 * validation split or of the user's own files ({@code --input}). Every row starts with {@code index}
 * (0-based), then {@code input} (the file, or {@code file:line} of a CSV row) for the user's files, and
 * {@code label} when the examples have labels: the label's name where the data names its labels
 * (Fashion-MNIST's classes, a table's text labels, class sub-folders), else its number.
 */
final class TableCommands {
  private static final int CHUNK = 4096;

  private TableCommands() {}

  /** Whether {@code out} asks for CSV: a {@code .csv} file, or {@code -} for stdout. */
  static boolean isCsv(Path out) {
    String name = out.toString();
    return name.equals("-") || name.toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  /** Writes rows with Jackson's CSV writer to {@code out} (complete or not at all), or stdout for "-". */
  static void writeCsv(Path out, List<String> header, RowSource rows) throws IOException {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    header.forEach(schema::addColumn);
    // Quote only the cells that need it (a separator, quote or line break), not every path or name.
    CsvMapper mapper =
        CsvMapper.builder().enable(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
    if (out.toString().equals("-")) {
      Writer w = new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8);
      try (SequenceWriter seq = mapper.writer(schema.build()).writeValues(w)) {
        rows.write(seq);
      }
      return;
    }
    AtomicFiles.write(out, stream -> {
      try (SequenceWriter seq = mapper.writer(schema.build()).writeValues(stream)) {
        rows.write(seq);
      }
    });
    System.err.println("wrote " + out);
  }

  interface RowSource {
    void write(SequenceWriter out) throws IOException;
  }

  private static float[][] rows(Examples data, int start, int end) {
    float[][] xs = new float[end - start][];
    for (int i = start; i < end; i++) {
      xs[i - start] = data.split().example(i);
    }
    return xs;
  }

  /** {@code index}, {@code input} and {@code label} of example {@code i}, as far as it has them. */
  static List<Object> prefix(Examples data, int i) {
    List<Object> row = new ArrayList<>();
    row.add(i);
    if (data.sources() != null) {
      row.add(data.sources().get(i));
    }
    if (data.hasLabels()) {
      row.add(data.label(i));
    }
    return row;
  }

  /** The titles of {@link #prefix}, then {@code columns}. */
  static List<String> header(Examples data, List<String> columns) {
    List<String> header = new ArrayList<>(List.of("index"));
    if (data.sources() != null) {
      header.add("input");
    }
    if (data.hasLabels()) {
      header.add("label");
    }
    header.addAll(columns);
    return header;
  }

  @Command(name = "encode", mixinStandardHelpOptions = true,
      description = "Write μ (the embedding) of every validation example, or of your own --input files, to"
          + " CSV: index, input (with --input), label (when the examples have labels: its name where the"
          + " data names them), mu_0 … mu_{L-1}.")
  static final class Encode implements Callable<Integer> {
    @Mixin ModelInputs inputs;

    @Mixin InputFiles own;

    @Mixin LabelOption label;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "output file, or - for stdout")
    Path out;

    @Override
    public Integer call() throws Exception {
      try (VaeModel m = inputs.open()) {
        Examples data = own.examples(m, inputs);
        String[] columns = new String[m.latentDim()];
        for (int j = 0; j < columns.length; j++) {
          columns[j] = "mu_" + j;
        }
        writeCsv(out, header(data, Arrays.asList(columns)), seq -> {
          for (int start = 0; start < data.count(); start += CHUNK) {
            int end = Math.min(data.count(), start + CHUNK);
            float[][] codes =
                m.embed(rows(data, start, end), label.forRows(m, data.split(), start, end));
            for (int i = start; i < end; i++) {
              List<Object> row = prefix(data, i);
              for (float v : codes[i - start]) {
                row.add(v);
              }
              seq.write(row);
            }
          }
        });
        return 0;
      }
    }
  }

  @Command(name = "score", mixinStandardHelpOptions = true,
      description = "Write per-example anomaly scores of every validation example, or of your own --input"
          + " files, to CSV (higher = less like the training data): index, input (with --input), label,"
          + " neg_elbo, reconstruction_loss, kl and, with --iwae K, iwae_nll (the importance-sampled bound).")
  static final class ScoreCsv implements Callable<Integer> {
    @Mixin ModelInputs inputs;

    @Mixin InputFiles own;

    @Mixin ImportanceOptions importance;

    @Mixin LabelOption label;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "output file, or - for stdout")
    Path out;

    @Override
    public Integer call() throws Exception {
      boolean bounded = importance.requested();
      try (VaeModel m = inputs.open()) {
        Examples data = own.examples(m, inputs);
        List<String> columns = new ArrayList<>(List.of("neg_elbo", "reconstruction_loss", "kl"));
        if (bounded) {
          columns.add("iwae_nll");
        }
        writeCsv(out, header(data, columns), seq -> {
          for (int start = 0; start < data.count(); start += CHUNK) {
            int end = Math.min(data.count(), start + CHUNK);
            float[][] xs = rows(data, start, end);
            int[] labels = label.forRows(m, data.split(), start, end);
            List<Score> scores = m.score(xs, labels);
            double[] bound = bounded ? importance.scores(m, xs, labels) : null;
            for (int i = start; i < end; i++) {
              Score s = scores.get(i - start);
              List<Object> row = prefix(data, i);
              row.add(s.negElbo());
              row.add(s.reconstructionLoss());
              row.add(s.kl());
              if (bound != null) {
                row.add(bound[i - start]);
              }
              seq.write(row);
            }
          }
        });
        return 0;
      }
    }
  }
}
