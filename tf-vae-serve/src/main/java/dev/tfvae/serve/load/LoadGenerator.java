package dev.tfvae.serve.load;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends TF Serving {@code :predict} requests from concurrent clients and measures throughput and latency:
 * each client is a thread sending its requests one after another on its own kept-alive HTTP/1.1
 * connection, with blocking I/O and no other thread in between ({@link KeepAliveConnection}), so that the
 * generator costs little beside the server it measures. The body is the row format with seeded random
 * inputs of the given shape. Plain {@code http://} URLs only.
 *
 * <pre>{@code
 * LoadGenerator.Report r = LoadGenerator.run(new LoadGenerator.Options(
 *     URI.create("http://127.0.0.1:8501/v1/models/fashion-mnist-vae:predict"), List.of(28, 28), 1, 8, 2000, 100));
 * System.out.println(r.requestsPerSecond() + " requests/s, p99 " + r.latencyMsP99() + " ms");
 * }</pre>
 */
public final class LoadGenerator {
  /** The most clients, requests per client and examples per request one run may ask for. */
  public static final int MAX_CLIENTS = 1024;

  public static final int MAX_REQUESTS = 10_000_000;
  public static final int MAX_BATCH = 65_536;

  /**
   * What to send.
   *
   * @param url the {@code :predict} URL
   * @param shape one example's shape, e.g. {@code [28, 28]}
   * @param batch examples per request
   * @param clients concurrent clients
   * @param requests measured requests per client
   * @param warmup unmeasured requests per client sent first
   * @param slowClients hostile connections held open beside the clients while they run: each sends a
   *     {@code :predict} request announcing a 1,000,000-byte body, then one body byte per second
   */
  public record Options(
      URI url, List<Integer> shape, int batch, int clients, int requests, int warmup, int slowClients) {
    /** Options without slow clients. */
    public Options(URI url, List<Integer> shape, int batch, int clients, int requests, int warmup) {
      this(url, shape, batch, clients, requests, warmup, 0);
    }

    public Options {
      checkNotNull(url, "url");
      checkArgument("http".equalsIgnoreCase(url.getScheme()) && url.getHost() != null,
          "the URL must be http://HOST[:PORT]/…: %s", url);
      shape = List.copyOf(shape);
      checkArgument(!shape.isEmpty() && shape.stream().allMatch(d -> d > 0 && d <= 65_536),
          "shape must be positive sizes: %s", shape);
      long values = (long) batch * shape.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
      checkArgument(batch > 0 && batch <= MAX_BATCH, "batch must be in 1..%s: %s", MAX_BATCH, batch);
      checkArgument(values <= 16_000_000, "a request of %s values is too large (at most 16,000,000)", values);
      checkArgument(clients > 0 && clients <= MAX_CLIENTS, "clients must be in 1..%s: %s", MAX_CLIENTS, clients);
      checkArgument(requests > 0 && requests <= MAX_REQUESTS,
          "requests must be in 1..%s: %s", MAX_REQUESTS, requests);
      checkArgument(warmup >= 0 && warmup <= MAX_REQUESTS, "warmup must be in 0..%s: %s", MAX_REQUESTS, warmup);
      checkArgument(slowClients >= 0 && slowClients <= MAX_CLIENTS,
          "slow clients must be in 0..%s: %s", MAX_CLIENTS, slowClients);
      checkArgument((long) clients * requests <= 50_000_000L,
          "clients × requests must be at most 50,000,000: %s × %s", clients, requests);
    }
  }

  /**
   * What was measured over the timed requests.
   *
   * @param requests requests sent (clients × requests per client)
   * @param failed requests answered with a status other than 200
   * @param seconds wall time of the timed part
   * @param requestsPerSecond requests / seconds
   * @param examplesPerSecond requests × batch / seconds
   * @param latencyMsP50 median latency
   * @param latencyMsP99 99th-percentile latency
   * @param slowClientsCut slow clients the server answered or disconnected before the run ended
   */
  public record Report(
      int requests,
      int failed,
      double seconds,
      double requestsPerSecond,
      double examplesPerSecond,
      double latencyMsP50,
      double latencyMsP99,
      int slowClientsCut) {}

  private LoadGenerator() {}

  /**
   * Runs the warm-up, then the timed requests.
   *
   * @throws IOException if the server cannot be reached (nothing listens, the connection drops)
   */
  public static Report run(Options options) throws IOException, InterruptedException {
    byte[] body = body(options.shape(), options.batch()).getBytes(StandardCharsets.UTF_8);
    AtomicInteger failures = new AtomicInteger();
    long[][] latencies = new long[options.clients()][options.requests()];
    ExecutorService pool = Executors.newFixedThreadPool(options.clients());
    KeepAliveConnection[] connections = new KeepAliveConnection[options.clients()];
    for (int c = 0; c < connections.length; c++) {
      connections[c] = new KeepAliveConnection(options.url(), body);
    }
    long start;
    int cut;
    try (SlowUploads slow = new SlowUploads(options.url(), options.slowClients())) {
      try {
        runClients(pool, options.clients(), c -> send(connections[c], options.warmup(), null, failures));
        failures.set(0);
        start = System.nanoTime();
        runClients(pool, options.clients(), c -> send(connections[c], options.requests(), latencies[c], failures));
      } finally {
        pool.shutdownNow();
        for (KeepAliveConnection connection : connections) {
          connection.close();
        }
      }
      cut = slow.cut();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    return new Report(
        all.length,
        failures.get(),
        seconds,
        all.length / seconds,
        all.length * (double) options.batch() / seconds,
        percentile(all, 0.50) / 1e6,
        percentile(all, 0.99) / 1e6,
        cut);
  }

  /** The value below which a share {@code q} of the sorted {@code values} lie (nearest rank). */
  static long percentile(long[] sorted, double q) {
    int rank = (int) Math.ceil(sorted.length * q);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private interface Client {
    void run(int client) throws IOException, InterruptedException;
  }

  private static void runClients(ExecutorService pool, int clients, Client client)
      throws IOException, InterruptedException {
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int id = c;
      running.add(pool.submit(() -> {
        client.run(id);
        return null;
      }));
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw new IllegalStateException("a client failed", e.getCause());
      }
    }
  }

  private static void send(KeepAliveConnection connection, int count, long[] latencies,
      AtomicInteger failures) throws IOException {
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      int status = connection.send();
      if (latencies != null) {
        latencies[i] = System.nanoTime() - t0;
      }
      if (status != 200) {
        failures.incrementAndGet();
      }
    }
  }

  /** A row-format body of {@code batch} seeded random examples of {@code shape}. */
  static String body(List<Integer> shape, int batch) {
    Random random = new Random(1);
    StringBuilder s = new StringBuilder("{\"instances\": [");
    for (int b = 0; b < batch; b++) {
      s.append(b == 0 ? "" : ",");
      nested(s, shape, random, 0);
    }
    return s.append("]}").toString();
  }

  private static void nested(StringBuilder s, List<Integer> shape, Random random, int depth) {
    s.append('[');
    for (int i = 0; i < shape.get(depth); i++) {
      s.append(i == 0 ? "" : ",");
      if (depth == shape.size() - 1) {
        s.append(String.format(Locale.ROOT, "%.3f", random.nextFloat()));
      } else {
        nested(s, shape, random, depth + 1);
      }
    }
    s.append(']');
  }
}
