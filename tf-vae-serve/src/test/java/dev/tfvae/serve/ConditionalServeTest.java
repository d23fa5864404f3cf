package dev.tfvae.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.ShippedModels;
import dev.tfvae.infer.VaeModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped conditional model served over HTTP: its signatures take the one-hot {@code label}, and
 * requests in the row and the columnar format answer what in-process calls with the same labels give;
 * a label that is not one-hot, or a missing one, is a 400 naming the problem.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConditionalServeTest {
  private static final Path SHIPPED = Path.of("..", "savedmodels", "fashion-mnist-cvae", "1");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private ModelServer server;
  private VaeModel local;
  private HttpClient http;
  private String root;

  @BeforeAll
  void start() throws IOException {
    Path base = dir.resolve("cvae");
    ShippedModels.copyTree(SHIPPED, base.resolve("1"));
    server = ModelServer.start(base, ModelServer.Options.defaults().port(0));
    local = VaeModel.load(base.resolve("1"));
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    root = "http://127.0.0.1:" + server.port() + "/v1/models/cvae";
  }

  @AfterAll
  void stop() {
    server.close();
    local.close();
  }

  private record Reply(int status, JsonNode body) {}

  private Reply post(String body) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(root + ":predict"))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  private static float[] image(long seed) {
    Random r = new Random(seed);
    float[] x = new float[784];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat() * r.nextFloat();
    }
    return x;
  }

  private static String flat(float[] v) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      s.append(i == 0 ? "" : ",").append(v[i]);
    }
    return s.append(']').toString();
  }

  /** An image as TF Serving's nested [28][28] JSON list. */
  private static String nested(float[] x) {
    StringBuilder s = new StringBuilder("[");
    for (int row = 0; row < 28; row++) {
      s.append(row == 0 ? "" : ",").append(flat(java.util.Arrays.copyOfRange(x, row * 28, row * 28 + 28)));
    }
    return s.append(']').toString();
  }

  private static String oneHot(int label) {
    float[] v = new float[10];
    v[label] = 1;
    return flat(v);
  }

  private static float[] floats(JsonNode node) {
    List<Float> values = new ArrayList<>();
    collect(node, values);
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static void collect(JsonNode node, List<Float> out) {
    if (node.isArray()) {
      node.forEach(n -> collect(n, out));
    } else {
      out.add(Float.parseFloat(node.asText()));
    }
  }

  @Test
  void rowAndColumnarRequestsEqualInProcessCalls() throws Exception {
    assertTrue(local.isConditional());
    assertEquals(10, local.classes());
    float[] a = image(1);
    float[] b = image(2);
    float[][] both = {a, b};
    int[] labels = {3, 8};

    Reply rows = post("{\"instances\": [{\"x\": " + nested(a) + ", \"label\": " + oneHot(3) + "},"
        + " {\"x\": " + nested(b) + ", \"label\": " + oneHot(8) + "}]}");
    assertEquals(200, rows.status(), rows.body().toString());
    float[][] reconstructions = local.reconstruct(both, labels);
    assertArrayEquals(reconstructions[0], floats(rows.body().get("predictions").get(0)));
    assertArrayEquals(reconstructions[1], floats(rows.body().get("predictions").get(1)));

    Reply columns = post("{\"signature_name\": \"encode\", \"inputs\": {\"x\": [" + nested(a) + ", "
        + nested(b) + "], \"label\": [" + oneHot(3) + ", " + oneHot(8) + "]}}");
    assertEquals(200, columns.status(), columns.body().toString());
    List<LatentCode> codes = local.encode(both, labels);
    assertArrayEquals(codes.get(1).mean(), floats(columns.body().get("outputs").get("mean").get(1)));
    assertArrayEquals(codes.get(0).logVariance(),
        floats(columns.body().get("outputs").get("log_variance").get(0)));

    Reply decode = post("{\"signature_name\": \"decode\", \"instances\": [{\"z\": "
        + flat(codes.get(0).mean()) + ", \"label\": " + oneHot(5) + "}]}");
    assertArrayEquals(local.decode(codes.get(0).mean(), 5), floats(decode.body().get("predictions").get(0)));

    Reply score = post("{\"signature_name\": \"score\", \"inputs\": {\"x\": [" + nested(a) + "], \"label\": ["
        + oneHot(3) + "]}}");
    assertEquals((float) local.score(a, 3).negElbo(), floats(score.body().get("outputs").get("neg_elbo"))[0]);

    Reply generate = post("{\"signature_name\": \"generate\", \"inputs\": {\"n\": 3, \"seed\": [7, 0],"
        + " \"label\": [" + oneHot(3) + "]}}");
    assertEquals(200, generate.status(), generate.body().toString());
    float[][] samples = local.generate(3, 3, 7L);
    assertArrayEquals(samples[2], floats(generate.body().get("outputs").get(2)));
  }

  @Test
  void aLabelThatIsNotOneHotOrIsMissingIsABadRequest() throws Exception {
    float[] a = image(3);
    float[] soft = new float[10];
    soft[1] = 0.5f;
    soft[2] = 0.5f;
    Reply notOneHot = post("{\"instances\": [{\"x\": " + nested(a) + ", \"label\": " + flat(soft) + "}]}");
    assertEquals(400, notOneHot.status());
    assertTrue(notOneHot.body().get("error").asText().contains("not one-hot"), notOneHot.body().toString());
    assertTrue(notOneHot.body().get("error").asText().contains("Dress"), notOneHot.body().toString());
    Reply missing = post("{\"instances\": [{\"x\": " + nested(a) + "}]}");
    assertEquals(400, missing.status());
    assertTrue(missing.body().get("error").asText().contains("label"), missing.body().toString());
  }
}
