package dev.tfvae.train.cli;

import dev.tfvae.serve.load.LoadGenerator;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "load-test",
    mixinStandardHelpOptions = true,
    description = "Send :predict requests from several concurrent clients (each a thread with its own"
        + " kept-alive HTTP/1.1 connection and blocking I/O) and report requests/s and latency percentiles."
        + " The body is the row format with random inputs of the model's shape. Plain http:// URLs only.")
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

  @Option(names = "--slow-clients", defaultValue = "0",
      description = "also hold this many hostile connections open, each announcing a 1 MB body and sending"
          + " one byte per second (a stress scenario; default ${DEFAULT-VALUE})")
  int slowClients;

  @Option(names = "--json", description = "print one JSON object on stdout")
  boolean json;

  @Override
  public Integer call() throws Exception {
    LoadGenerator.Report r =
        LoadGenerator.run(new LoadGenerator.Options(url, shape, batch, clients, requests, warmup, slowClients));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("url", url.toString());
    out.put("batch", batch);
    out.put("clients", clients);
    out.put("requests", r.requests());
    out.put("failed", r.failed());
    out.put("requests_per_s", r.requestsPerSecond());
    out.put("examples_per_s", r.examplesPerSecond());
    out.put("latency_ms_p50", r.latencyMsP50());
    out.put("latency_ms_p99", r.latencyMsP99());
    out.put("slow_clients", slowClients);
    out.put("slow_clients_cut", r.slowClientsCut());
    out.put("cores", Runtime.getRuntime().availableProcessors());
    if (json) {
      Json.print(out);
    } else {
      TextTable t = new TextTable();
      t.row("requests", String.format(Locale.ROOT, "%,d (%,d clients, %,d example%s each)", r.requests(),
          clients, batch, batch == 1 ? "" : "s"));
      t.row("failed", String.format(Locale.ROOT, "%,d", r.failed()));
      t.row("throughput", String.format(Locale.ROOT, "%s requests/s, %s examples/s",
          TextTable.number(Math.rint(r.requestsPerSecond())), TextTable.number(Math.rint(r.examplesPerSecond()))));
      t.row("latency p50", String.format(Locale.ROOT, "%.2f ms", r.latencyMsP50()));
      t.row("latency p99", String.format(Locale.ROOT, "%.2f ms", r.latencyMsP99()));
      if (slowClients > 0) {
        t.row("slow clients", String.format(Locale.ROOT, "%,d held open, %,d of them cut", slowClients,
            r.slowClientsCut()));
      }
      System.out.print(t.render());
    }
    return r.failed() == 0 ? 0 : TfVaeCli.EXIT_RUNTIME;
  }
}
