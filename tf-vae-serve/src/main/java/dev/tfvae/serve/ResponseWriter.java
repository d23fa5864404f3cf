package dev.tfvae.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a {@code :predict} answer as TF Serving shapes it, with Jackson's streaming generator (no tree,
 * no boxing): {@code "predictions"} for the row format (a value per example; an object of named outputs
 * when there are several) or {@code "outputs"} for the columnar format (one batched value, or an object
 * of named batched outputs). Each example's values are nested to its shape.
 */
final class ResponseWriter {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  private ResponseWriter() {}

  static byte[] write(Predictor.Answer answer) {
    ByteArrayBuilder bytes = new ByteArrayBuilder();
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.writeStartObject();
      List<Predictor.Output> outputs = answer.outputs();
      if (answer.format() == Predictor.Format.ROWS) {
        g.writeArrayFieldStart("predictions");
        int n = outputs.get(0).rows().length;
        for (int i = 0; i < n; i++) {
          if (outputs.size() == 1) {
            value(g, outputs.get(0), i);
          } else {
            g.writeStartObject();
            for (Predictor.Output o : outputs) {
              g.writeFieldName(o.key());
              value(g, o, i);
            }
            g.writeEndObject();
          }
        }
        g.writeEndArray();
      } else {
        g.writeFieldName("outputs");
        if (outputs.size() == 1) {
          batch(g, outputs.get(0));
        } else {
          g.writeStartObject();
          for (Predictor.Output o : outputs) {
            g.writeFieldName(o.key());
            batch(g, o);
          }
          g.writeEndObject();
        }
      }
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void batch(JsonGenerator g, Predictor.Output o) throws IOException {
    g.writeStartArray();
    for (int i = 0; i < o.rows().length; i++) {
      value(g, o, i);
    }
    g.writeEndArray();
  }

  private static void value(JsonGenerator g, Predictor.Output o, int example) throws IOException {
    float[] row = o.rows()[example];
    if (o.shape().length == 0) {
      g.writeNumber(row[0]);
    } else {
      nest(g, row, o.shape(), 0, 0);
    }
  }

  /** Writes {@code row} from {@code offset} nested to {@code shape[depth…]}; returns the next offset. */
  private static int nest(JsonGenerator g, float[] row, int[] shape, int depth, int offset) throws IOException {
    g.writeStartArray();
    if (depth == shape.length - 1) {
      for (int i = 0; i < shape[depth]; i++) {
        g.writeNumber(row[offset++]);
      }
    } else {
      for (int i = 0; i < shape[depth]; i++) {
        offset = nest(g, row, shape, depth + 1, offset);
      }
    }
    g.writeEndArray();
    return offset;
  }
}
