package dev.tfvae.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfvae.infer.ShippedModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** Hostile, oversized and malformed requests: each class the adversarial pass found. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HardeningTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long BODY_TIMEOUT_MILLIS = 2_000;

  private ModelServer server;
  private HttpClient http;
  private String root;

  @BeforeAll
  void start() throws IOException {
    server = ModelServer.start(ShippedModels.fashionMnist(),
        ModelServer.Options.defaults().port(0).timeouts(BODY_TIMEOUT_MILLIS, 30_000));
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    root = "http://127.0.0.1:" + server.port() + "/v1/models/" + server.name();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

  private Reply post(String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(root + ":predict"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()), r);
  }

  private static void assertError(Reply reply, int status, String... words) {
    assertEquals(status, reply.status(), reply.body().toString());
    String error = reply.body().get("error").asText();
    for (String word : words) {
      assertTrue(error.contains(word), "'" + word + "' not in: " + error);
    }
  }

  private static String image(long seed) {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder("[");
    for (int row = 0; row < 28; row++) {
      s.append(row == 0 ? "[" : ",[");
      for (int col = 0; col < 28; col++) {
        s.append(col == 0 ? "" : ",").append(r.nextFloat());
      }
      s.append(']');
    }
    return s.append(']').toString();
  }

  @Test
  void slowUploadsDoNotLockOutOtherClients() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Socket s = new Socket("127.0.0.1", server.port());
        s.getOutputStream().write(("POST /v1/models/" + server.name() + ":predict HTTP/1.1\r\nHost: x\r\n"
            + "Content-Length: 1000000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        slow.add(s);
      }
      String body = "{\"instances\": [" + image(1) + "]}";
      long worst = 0;
      for (int i = 0; i < 20; i++) {
        for (Socket s : slow) {
          s.getOutputStream().write(' '); // a byte now and then keeps each connection alive
        }
        long t0 = System.nanoTime();
        Reply r = post(body);
        worst = Math.max(worst, System.nanoTime() - t0);
        assertEquals(200, r.status(), r.body().toString());
      }
      assertTrue(worst < 1_000_000_000L, "a normal request waited " + worst / 1e6 + " ms behind slow uploads");
      // Each slow upload gets 408 once its body timeout has passed, and its connection is closed.
      Thread.sleep(BODY_TIMEOUT_MILLIS + 500);
      for (Socket s : slow) {
        s.setSoTimeout(5_000);
        String answer = new String(s.getInputStream().readNBytes(400), StandardCharsets.UTF_8);
        assertTrue(answer.startsWith("HTTP/1.1 408") && answer.contains("{\"error\""), answer);
      }
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void anAnswerOverTheResponseBudgetIsRefusedBeforeItRuns() throws Exception {
    // 784 numbers of at most 16 bytes, plus 64 bytes of brackets, per sample; 1 KiB for the rest.
    long most = ((64L << 20) - 1024) / (784 * 16 + 64);
    long rssBefore = rssBytes();
    for (int i = 0; i < 3; i++) {
      assertError(post("{\"signature_name\":\"generate\",\"inputs\":{\"n\":65536,\"seed\":[1,2]}}"), 400,
          "response limit", "64.0 MiB", "at most " + most);
    }
    assertTrue(rssBytes() - rssBefore < 200L << 20, "RSS grew by " + (rssBytes() - rssBefore) / 1e6 + " MB");
    Reply small = post("{\"signature_name\":\"generate\",\"inputs\":{\"n\":" + most + ",\"seed\":[1,2]}}");
    assertEquals(200, small.status());
    assertEquals(most, small.body().get("outputs").size());
    assertTrue(small.raw().body().length() < 64L << 20);
  }

  private static long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS");
  }

  @Test
  void nonFiniteAnswersAreRefusedNamingTheSignature() throws Exception {
    StringBuilder z = new StringBuilder("[");
    for (int i = 0; i < 20; i++) {
      z.append(i == 0 ? "" : ",").append("3.4e38");
    }
    assertError(post("{\"signature_name\": \"decode\", \"instances\": [" + z + "]}]}".replace("]}]}", "]]}")),
        400, "signature decode", "output reconstruction", "not finite");
  }

  @Test
  void integersOutsideTheirRangeAreRefusedNotWrapped() throws Exception {
    for (String seed : List.of("9223372036854775808", "-9223372036854775809", "18446744073709551617")) {
      assertError(post("{\"signature_name\":\"generate\",\"inputs\":{\"n\":1,\"seed\":[" + seed + ",2]}}"),
          400, "seed", "outside the int64 range");
    }
    for (String seed : List.of("1e30", "1.5", "2.0")) {
      assertError(post("{\"signature_name\":\"generate\",\"inputs\":{\"n\":1,\"seed\":[1," + seed + "]}}"),
          400, "seed", "not an integer");
    }
    assertError(post("{\"signature_name\":\"generate\",\"inputs\":{\"n\":2147483648,\"seed\":[1,2]}}"),
        400, "n must be in 1..65536");
    assertError(post("{\"signature_name\":\"generate\",\"inputs\":{\"n\":\"4\",\"seed\":[1,2]}}"), 400,
        "\"n\" must be an integer");
    // The largest int64 seeds are accepted and give different samples.
    Reply a = post("{\"signature_name\":\"generate\",\"inputs\":{\"n\":1,\"seed\":[9223372036854775807,2]}}");
    Reply b = post("{\"signature_name\":\"generate\",\"inputs\":{\"n\":1,\"seed\":[-9223372036854775808,2]}}");
    assertEquals(200, a.status());
    assertTrue(!a.body().equals(b.body()));
  }

  @Test
  void aBodyMustBeExactlyOneJsonObject() throws Exception {
    String valid = "{\"instances\": [" + image(2) + "]}";
    assertEquals(200, post(valid).status());
    assertError(post(valid + " garbage"), 400, "malformed JSON");
    assertError(post(valid + valid), 400, "malformed JSON", "data after the request object");
    assertError(post(valid + " {}"), 400, "malformed JSON");
    assertError(post("{\"instances\": [" + image(2) + "], \"instances\": []}"), 400, "malformed JSON", "instances");
    assertError(post("{\"instances\": [[1, 2], [3]]}"), 400, "rectangular");
    assertError(post("{\"instances\": [" + "[".repeat(40) + "1" + "]".repeat(40) + "]}"), 400, "malformed JSON");
  }

  /** Sends raw bytes and returns the whole answer (the server closes or answers within 5 s). */
  private String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] answer = in.readNBytes(4096);
      return new String(answer, StandardCharsets.ISO_8859_1);
    }
  }

  private static void assertJsonError(String answer, String status) throws IOException {
    assertTrue(answer.startsWith("HTTP/1.1 " + status), answer);
    assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), answer);
    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    assertTrue(JSON.readTree(body).has("error"), answer);
  }

  @Test
  void jettysOwnErrorsAreTheApisJsonErrors() throws Exception {
    String model = "/v1/models/" + server.name();
    for (String path : List.of(model + "%2fmetadata", "/v1/models/%2e%2e%2f" + server.name(),
        model + "%5cmetadata", model + "%00", "/v1/../v1/models/" + server.name() + "/x")) {
      String answer = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 4"), path + ": " + answer);
      assertJsonError(answer, answer.substring(9, 12));
    }
    assertJsonError(raw("GET " + model + "/" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), "414");
    StringBuilder headers = new StringBuilder("GET " + model + " HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 2000; i++) {
      headers.append("X-H").append(i).append(": v\r\n");
    }
    assertJsonError(raw(headers + "\r\n"), "431");
    assertJsonError(raw("GET " + model + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(100_000) + "\r\n\r\n"), "431");
  }

  @Test
  void aFullQueueIsRefusedWith503AndRetryAfter() throws Exception {
    StringBuilder batch = new StringBuilder("{\"instances\": [");
    for (int i = 0; i < 400; i++) {
      batch.append(i == 0 ? "" : ",").append(image(i));
    }
    String body = batch.append("]}").toString();
    try (ModelServer busy = ModelServer.start(ShippedModels.fashionMnist(),
        ModelServer.Options.defaults().port(0).workers(1, 0))) {
      URI url = URI.create("http://127.0.0.1:" + busy.port() + "/v1/models/" + busy.name() + ":predict");
      ExecutorService clients = Executors.newFixedThreadPool(16);
      try {
        List<Future<HttpResponse<String>>> replies = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
          replies.add(clients.submit(() -> http.send(HttpRequest.newBuilder(url)
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())));
        }
        int ok = 0;
        int refused = 0;
        for (Future<HttpResponse<String>> f : replies) {
          HttpResponse<String> r = f.get();
          if (r.statusCode() == 503) {
            refused++;
            assertEquals("1", r.headers().firstValue("Retry-After").orElse(""), r.body());
            assertTrue(JSON.readTree(r.body()).get("error").asText().contains("busy"), r.body());
          } else {
            assertEquals(200, r.statusCode(), r.body());
            ok++;
          }
        }
        assertTrue(ok > 0 && refused > 0, ok + " answered, " + refused + " refused");
      } finally {
        clients.shutdownNow();
      }
    }
  }
}
