package dev.tfvae.serve.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.ShippedModels;
import dev.tfvae.serve.ModelServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
  @Test
  void measuresEveryRequestAgainstARealServer() throws Exception {
    try (ModelServer server =
        ModelServer.start(ShippedModels.fashionMnist(), ModelServer.Options.defaults().port(0))) {
      URI url = URI.create("http://127.0.0.1:" + server.port() + "/v1/models/" + server.name() + ":predict");
      LoadGenerator.Report r = LoadGenerator.run(new LoadGenerator.Options(url, List.of(28, 28), 2, 3, 40, 5));
      assertEquals(120, r.requests());
      assertEquals(0, r.failed());
      assertTrue(r.latencyMsP50() > 0 && r.latencyMsP50() <= r.latencyMsP99(), r.toString());
      assertEquals(r.requestsPerSecond() * 2, r.examplesPerSecond(), 1e-9 * r.examplesPerSecond());
      // A request for a model the server does not have is counted as failed, not thrown.
      URI wrong = URI.create("http://127.0.0.1:" + server.port() + "/v1/models/other:predict");
      assertEquals(10, LoadGenerator.run(new LoadGenerator.Options(wrong, List.of(28, 28), 1, 1, 10, 0)).failed());
    }
  }

  @Test
  void refusedBodiesAreCountedAsFailedAndTheClientsCarryOn() throws Exception {
    // A 28×28 body is about 4.8 kB: over this server's limit every request is refused with 413.
    try (ModelServer server = ModelServer.start(ShippedModels.fashionMnist(),
        ModelServer.Options.defaults().port(0).limits(1_000, 64L << 20))) {
      URI url = URI.create("http://127.0.0.1:" + server.port() + "/v1/models/" + server.name() + ":predict");
      LoadGenerator.Report r = LoadGenerator.run(new LoadGenerator.Options(url, List.of(28, 28), 1, 2, 15, 2));
      assertEquals(30, r.requests());
      assertEquals(30, r.failed());
    }
  }

  @Test
  void aKeptAliveConnectionTheServerClosedWhileIdleIsOpenedAgain() throws Exception {
    try (ModelServer server = ModelServer.start(ShippedModels.fashionMnist(),
            ModelServer.Options.defaults().port(0).timeouts(30_000, 300));
        KeepAliveConnection connection = new KeepAliveConnection(
            URI.create("http://127.0.0.1:" + server.port() + "/v1/models/" + server.name() + ":predict"),
            LoadGenerator.body(List.of(28, 28), 1).getBytes(StandardCharsets.UTF_8))) {
      assertEquals(200, connection.send());
      assertEquals(200, connection.send());
      Thread.sleep(1_000); // past the server's 300 ms idle timeout: it closes the connection
      assertEquals(200, connection.send());
    }
  }

  @Test
  void anAnswerThatIsNotHttpOrEndsEarlyIsAnIoExceptionNamingTheUrl() throws Exception {
    for (String answer : List.of("hello\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"predictions\"")) {
      URI url = URI.create("http://127.0.0.1:1/v1/models/m:predict");
      IOException e = assertThrows(IOException.class, () -> answeredOnce(answer, url));
      assertTrue(e.getMessage().contains("/v1/models/m:predict"), e.getMessage());
    }
  }

  @Test
  void informationalAnswersAreSkippedAndAnAnswerMayEndAtClose() throws Exception {
    URI url = URI.create("http://127.0.0.1:1/v1/models/m:predict");
    // 100 Continue before the final answer: one request, one answer, not a failure.
    assertEquals(0, answeredOnce("HTTP/1.1 100 Continue\r\n\r\n"
        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", url).failed());
    // HTTP/1.0 without a length: the answer ends where the connection does.
    assertEquals(0, answeredOnce("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{}", url).failed());
    assertEquals(1, answeredOnce("HTTP/1.0 503 Service Unavailable\r\n\r\n{}", url).failed());
  }

  /** One request to a peer that reads it, writes {@code answer} as it is and closes the connection. */
  private static LoadGenerator.Report answeredOnce(String answer, URI path) throws Exception {
    try (ServerSocket listener = new ServerSocket(0)) {
      Thread peer = new Thread(() -> {
        try (Socket s = listener.accept()) {
          s.getInputStream().read(new byte[1 << 16]);
          s.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException ignored) {
          // the client may already have given up
        }
      });
      peer.start();
      try {
        URI url = URI.create("http://127.0.0.1:" + listener.getLocalPort() + path.getPath());
        return LoadGenerator.run(new LoadGenerator.Options(url, List.of(4), 1, 1, 1, 0));
      } finally {
        peer.join(10_000);
      }
    }
  }

  @Test
  void onlyPlainHttpUrlsAreTaken() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        new LoadGenerator.Options(URI.create("https://127.0.0.1:8501/v1/models/m:predict"), List.of(4), 1, 1, 1, 0));
    assertTrue(e.getMessage().contains("http://"), e.getMessage());
  }

  @Test
  void aPortWhereNothingListensIsAnIoExceptionNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/v1/models/m:predict");
    IOException e = assertThrows(IOException.class,
        () -> LoadGenerator.run(new LoadGenerator.Options(url, List.of(4), 1, 1, 1, 0)));
    assertTrue(e.getMessage().contains(url.toString()) && e.getMessage().contains("nothing listens"),
        e.getMessage());
  }

  @Test
  void percentilesAreNearestRank() {
    long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertEquals(5, LoadGenerator.percentile(sorted, 0.5));
    assertEquals(10, LoadGenerator.percentile(sorted, 0.99));
    assertEquals(1, LoadGenerator.percentile(new long[] {1}, 0.99));
  }

  @Test
  void sizesAreBounded() {
    URI url = URI.create("http://127.0.0.1:1/x");
    assertThrows(IllegalArgumentException.class, () -> new LoadGenerator.Options(url, List.of(28, 28), 0, 1, 1, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new LoadGenerator.Options(url, List.of(28, 28), 65_536, 1, 1, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new LoadGenerator.Options(url, List.of(28, 28), 1, 100_000, 1, 0));
  }
}
