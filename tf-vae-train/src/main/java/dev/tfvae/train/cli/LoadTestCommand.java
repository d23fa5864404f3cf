package dev.tfvae.train.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "load-test",
    mixinStandardHelpOptions = true,
    description = "Send :predict requests from several concurrent clients (java.net.http, one HTTP/1.1"
        + " connection pool each) and report requests/s and latency percentiles. The body is the row format"
        + " with random inputs of the model's shape.")
final class LoadTestCommand implements Callable<Integer> {
  @Option(names = "--url", required = true, description = "e.g. http://127.0.0.1:8501/v1/models/NAME:predict")
  URI url;

  @Option(names = "--shape", defaultValue = "28,28", split = ",", description = "one example's shape (default ${DEFAULT-VALUE})")
  List<Integer> shape;

  @Option(names = "--batch", defaultValue = "1", description = "examples per request (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--clients", defaultValue = "8", description = "concurrent clients (default ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--requests", defaultValue = "2000", description = "requests per client (default ${DEFAULT-VALUE})")
  int requests;

  @Option(names = "--warmup", defaultValue = "100", description = "unmeasured requests per client first (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (batch <= 0 || clients <= 0 || requests <= 0 || warmup < 0) {
      throw new IllegalArgumentException("--batch, --clients and --requests must be positive, --warmup >= 0");
    }
    String body = body();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long[][] latencies = new long[clients][requests];
    long start = 0;
    try {
      List<Future<?>> warm = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        warm.add(pool.submit(() -> { send(http, request, warmup, null, failures); return null; }));
      }
      for (Future<?> f : warm) {
        f.get();
      }
      failures.set(0);
      start = System.nanoTime();
      List<Future<?>> runs = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        long[] mine = latencies[c];
        runs.add(pool.submit(() -> { send(http, request, requests, mine, failures); return null; }));
      }
      for (Future<?> f : runs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("url", url.toString());
    out.put("batch", batch);
    out.put("clients", clients);
    out.put("requests", all.length);
    out.put("failed", failures.get());
    out.put("requests_per_s", all.length / seconds);
    out.put("examples_per_s", all.length * (double) batch / seconds);
    out.put("latency_ms_p50", all[all.length / 2] / 1e6);
    out.put("latency_ms_p99", all[(int) Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] / 1e6);
    out.put("cores", Runtime.getRuntime().availableProcessors());
    if (json) {
      Json.print(out);
    } else {
      System.out.printf(Locale.ROOT, "%d requests of %d example(s), %d clients: %.0f requests/s, p50 %.2f ms,"
          + " p99 %.2f ms, %d failed%n", all.length, batch, clients, (double) out.get("requests_per_s"),
          (double) out.get("latency_ms_p50"), (double) out.get("latency_ms_p99"), failures.get());
    }
    return failures.get() == 0 ? 0 : TfVaeCli.EXIT_RUNTIME;
  }

  private static void send(HttpClient http, HttpRequest request, int count, long[] latencies,
      AtomicInteger failures) throws Exception {
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (latencies != null) {
        latencies[i] = System.nanoTime() - t0;
      }
      if (r.statusCode() != 200) {
        failures.incrementAndGet();
      }
    }
  }

  private String body() {
    Random random = new Random(1);
    StringBuilder s = new StringBuilder("{\"instances\": [");
    for (int b = 0; b < batch; b++) {
      s.append(b == 0 ? "" : ",");
      nested(s, random, 0);
    }
    return s.append("]}").toString();
  }

  private void nested(StringBuilder s, Random random, int depth) {
    s.append('[');
    for (int i = 0; i < shape.get(depth); i++) {
      s.append(i == 0 ? "" : ",");
      if (depth == shape.size() - 1) {
        s.append(String.format(Locale.ROOT, "%.3f", random.nextFloat()));
      } else {
        nested(s, random, depth + 1);
      }
    }
    s.append(']');
  }
}
