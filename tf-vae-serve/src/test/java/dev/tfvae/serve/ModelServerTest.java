package dev.tfvae.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.io.MoreFiles;
import dev.tfvae.infer.LatentCode;
import dev.tfvae.infer.Score;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.infer.ShippedModels;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST server with a real HTTP client on a loopback port: every endpoint, both request formats and
 * every signature against in-process inference, client mistakes, a new version picked up without a
 * restart, and 8 concurrent clients × 2,000 requests with no 5xx and exact results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelServerTest {
  private static final Path SHIPPED = Path.of("..", "savedmodels", "fashion-mnist-vae", "2");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private Path base;
  private ModelServer server;
  private VaeModel local;
  private HttpClient http;
  private String root;

  @BeforeAll
  void start() throws IOException {
    base = dir.resolve("fashion");
    copy(SHIPPED, base.resolve("1"));
    server = ModelServer.start(base, ModelServer.Options.defaults().port(0));
    local = VaeModel.load(base.resolve("1"));
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    root = "http://127.0.0.1:" + server.port() + "/v1/models/fashion";
  }

  @AfterAll
  void stop() {
    server.close();
    local.close();
  }

  /** Copies a version folder in as {@code to}, appearing at once (as an export does). */
  private static void copy(Path from, Path to) throws IOException {
    Path tmp = to.resolveSibling(".tmp-" + to.getFileName());
    ShippedModels.copyTree(from, tmp);
    Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
  }

  private record Reply(int status, JsonNode body) {}

  private Reply get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(root + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  private Reply post(String path, String body) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(root + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
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

  /** An image as TF Serving's nested [28][28] JSON list. */
  private static String nested(float[] x) {
    StringBuilder s = new StringBuilder("[");
    for (int row = 0; row < 28; row++) {
      s.append(row == 0 ? "[" : ",[");
      for (int col = 0; col < 28; col++) {
        s.append(col == 0 ? "" : ",").append(x[row * 28 + col]);
      }
      s.append(']');
    }
    return s.append(']').toString();
  }

  private static String flat(float[] v) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      s.append(i == 0 ? "" : ",").append(v[i]);
    }
    return s.append(']').toString();
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
  void statusAndMetadataLookLikeTfServing() throws Exception {
    Reply status = get("");
    assertEquals(200, status.status());
    JsonNode first = status.body().get("model_version_status").get(0);
    assertEquals("1", first.get("version").asText());
    assertEquals("AVAILABLE", first.get("state").asText());
    assertEquals("OK", first.get("status").get("error_code").asText());
    assertEquals(200, get("/versions/1").status());

    Reply metadata = get("/metadata");
    assertEquals(200, metadata.status());
    assertEquals("fashion", metadata.body().get("model_spec").get("name").asText());
    JsonNode defs = metadata.body().get("metadata").get("signature_def").get("signature_def");
    for (String key : List.of("serving_default", "encode", "decode", "generate", "score", "log_likelihood")) {
      assertEquals("tensorflow/serving/predict", defs.get(key).get("method_name").asText(), key);
    }
    JsonNode x = defs.get("serving_default").get("inputs").get("x");
    assertEquals("DT_FLOAT", x.get("dtype").asText());
    assertEquals("-1", x.get("tensor_shape").get("dim").get(0).get("size").asText());
    assertEquals("28", x.get("tensor_shape").get("dim").get(2).get("size").asText());
    assertEquals(200, get("/versions/1/metadata").status());
  }

  @Test
  void everySignatureInBothFormatsEqualsInProcessInference() throws Exception {
    float[] a = image(1);
    float[] b = image(2);
    Reply rows = post(":predict", "{\"instances\": [" + nested(a) + "," + nested(b) + "]}");
    assertEquals(200, rows.status(), rows.body().toString());
    // Compared with the same batch in process: batched kernels may round the last bit differently.
    float[][] both = local.reconstruct(new float[][] {a, b});
    assertArrayEquals(both[0], floats(rows.body().get("predictions").get(0)));
    assertArrayEquals(both[1], floats(rows.body().get("predictions").get(1)));

    Reply encode = post(":predict", "{\"signature_name\": \"encode\", \"instances\": [{\"x\": " + nested(a) + "}]}");
    LatentCode code = local.encode(a);
    assertArrayEquals(code.mean(), floats(encode.body().get("predictions").get(0).get("mean")));
    assertArrayEquals(code.logVariance(), floats(encode.body().get("predictions").get(0).get("log_variance")));

    Reply columns = post(":predict", "{\"signature_name\": \"encode\", \"inputs\": [" + nested(a) + "," + nested(b) + "]}");
    assertArrayEquals(local.encode(new float[][] {a, b}).get(1).mean(),
        floats(columns.body().get("outputs").get("mean").get(1)));

    Reply decode = post(":predict", "{\"signature_name\": \"decode\", \"inputs\": {\"z\": [" + flat(code.mean()) + "]}}");
    assertArrayEquals(local.decode(code.mean()), floats(decode.body().get("outputs").get(0)));

    Reply score = post(":predict", "{\"signature_name\": \"score\", \"inputs\": [" + nested(a) + "]}");
    Score s = local.score(a);
    assertEquals((float) s.negElbo(), floats(score.body().get("outputs").get("neg_elbo"))[0]);
    assertEquals((float) s.kl(), floats(score.body().get("outputs").get("kl"))[0]);

    Reply generate = post(":predict", "{\"signature_name\": \"generate\", \"inputs\": {\"n\": 3, \"seed\": [5, 6]}}");
    float[][] samples = local.generate(3, new long[] {5, 6});
    assertArrayEquals(samples[2], floats(generate.body().get("outputs").get(2)));

    Reply ll = post(":predict", "{\"signature_name\": \"log_likelihood\", \"instances\": [{\"x\": " + nested(a)
        + ", \"z\": " + flat(code.mean()) + "}]}");
    assertEquals(local.logLikelihood(new float[][] {a}, new float[][] {code.mean()})[0],
        floats(ll.body().get("predictions").get(0))[0]);
    assertEquals(200, post("/versions/1:predict", "{\"instances\": [" + nested(a) + "]}").status());
  }

  @Test
  void clientMistakesGet4xxWithAnErrorMessage() throws Exception {
    String image = nested(image(3));
    assertError(post(":predict", "{\"instances\": [" + image), 400, "malformed JSON");
    assertError(post(":predict", ""), 400, "empty request body");
    assertError(post(":predict", "[1, 2]"), 400, "must be a JSON object");
    assertError(post(":predict", "{\"instances\": [[1, 2, 3]]}"), 400, "must be a list of 28");
    assertError(post(":predict", "{\"instances\": [" + image.replaceFirst("[0-9.E-]+", "\"a\"") + "]}"), 400, "expected a number");
    assertError(post(":predict", "{\"instances\": [], \"inputs\": []}"), 400, "exactly one of");
    assertError(post(":predict", "{\"instances\": []}"), 400, "no examples");
    assertError(post(":predict", "{\"signature_name\": \"train\", \"instances\": [" + image + "]}"), 400, "not found in signature def");
    assertError(post(":predict", "{\"signature_name\": \"generate\", \"instances\": [1]}"), 400, "columnar");
    assertError(post(":predict", "{\"signature_name\": \"generate\", \"inputs\": {\"n\": 0, \"seed\": [1, 2]}}"), 400, "n must be in");
    assertError(post(":predict", "{\"signature_name\": \"log_likelihood\", \"instances\": [" + image + "]}"), 400, "must be an object");
    assertError(post(":predict", "{\"instances\": [" + image.replaceFirst("[0-9.E-]+", "1e39") + "]}"), 400, "not a finite float32");
    assertError(post("/versions/9:predict", "{\"instances\": [" + image + "]}"), 404, "no version 9");
    assertError(get("/versions/9"), 404, "no version 9");
    assertError(get(":predict"), 405, "POST");
    assertError(post("/metadata", "{}"), 405, "GET");
    HttpResponse<String> other = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/v1/models/other")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, other.statusCode());
    HttpResponse<String> nowhere = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/v2/x")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, nowhere.statusCode());
    // 100 images of 28 × 28 are about 0.8 MB, over a 0.5 MB limit.
    try (ModelServer small = ModelServer.start(base,
        ModelServer.Options.defaults().port(0).limits(1 << 19, 64L << 20))) {
      StringBuilder big = new StringBuilder("{\"instances\": [");
      for (int i = 0; i < 100; i++) {
        big.append(i == 0 ? "" : ",").append(image);
      }
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + small.port()
          + "/v1/models/fashion:predict")).POST(HttpRequest.BodyPublishers.ofString(big + "]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(413, r.statusCode(), r.body());
    }
  }

  private static void assertError(Reply reply, int status, String message) {
    assertEquals(status, reply.status(), reply.body().toString());
    assertTrue(reply.body().get("error").asText().contains(message), reply.body().toString());
  }

  @Test
  void aNewVersionIsServedWithoutARestart() throws Exception {
    Path extra = dir.resolve("reload");
    copy(SHIPPED, extra.resolve("1"));
    try (ModelServer reloading = ModelServer.start(extra, ModelServer.Options.defaults().port(0))) {
      assertEquals(1, reloading.version());
      copy(Path.of("..", "savedmodels", "fashion-mnist-conv-vae", "2"), extra.resolve("2"));
      Files.createDirectories(extra.resolve(".tmp-export-123")); // an export in progress is ignored
      Thread.sleep(ModelRegistry.RESCAN_MILLIS + 200);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + reloading.port() + "/v1/models/reload/metadata")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals("2", JSON.readTree(r.body()).get("model_spec").get("version").asText());
      assertEquals(2, reloading.version());
      MoreFiles.deleteRecursively(extra.resolve(".tmp-export-123"));
    }
  }

  @Test
  void eightClientsTimesTwoThousandRequestsAllSucceedWithExactResults() throws Exception {
    int clients = 8;
    int requests = 2000;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        float[] x = image(100 + c);
        float[] expected = local.encode(x).mean();
        String body = "{\"signature_name\": \"encode\", \"instances\": [" + nested(x) + "]}";
        results.add(pool.submit(() -> {
          int ok = 0;
          for (int i = 0; i < requests; i++) {
            Reply r = post(":predict", body);
            assertTrue(r.status() < 500, "server error " + r.body());
            assertEquals(200, r.status(), r.body().toString());
            assertArrayEquals(expected, floats(r.body().get("predictions").get(0).get("mean")));
            ok++;
          }
          return ok;
        }));
      }
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get();
      }
      assertEquals(clients * requests, total);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aVersionFolderOrAnEmptyFolderIsRefusedAtStart() throws Exception {
    assertThrows(IllegalArgumentException.class,
        () -> ModelServer.start(Files.createDirectories(dir.resolve("empty")), ModelServer.Options.defaults().port(0)));
    assertThrows(java.nio.file.NoSuchFileException.class,
        () -> ModelServer.start(dir.resolve("missing"), ModelServer.Options.defaults().port(0)));
  }
}
