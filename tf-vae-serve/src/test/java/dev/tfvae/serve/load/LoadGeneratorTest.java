package dev.tfvae.serve.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfvae.infer.ShippedModels;
import dev.tfvae.serve.ModelServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
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
