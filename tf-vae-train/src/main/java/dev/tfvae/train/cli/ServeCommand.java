package dev.tfvae.train.cli;

import dev.tfvae.core.device.ComputeDevice;
import dev.tfvae.serve.ModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a model base folder over TF Serving's REST API: GET /v1/models/NAME[/versions/V],"
          + " GET …/metadata, POST …:predict with \"instances\" or \"inputs\" and optional"
          + " \"signature_name\".",
      "The newest version is served; a newly exported version is picked up without a restart. Ctrl-C"
          + " stops it after running requests finish."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "savedmodels/NAME",
      description = "the model base folder (holding version folders 1, 2, …)")
  Path model;

  @Option(names = "--port", defaultValue = "8501", description = "TCP port (default ${DEFAULT-VALUE}, TF Serving's REST port)")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "address to bind (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface)")
  String host;

  @Option(names = "--threads", defaultValue = "16",
      description = "HTTP request threads: connections, routing, reading bodies, writing answers (default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--workers", defaultValue = "0",
      description = "threads that run predictions (default 0: two per core)")
  int workers;

  @Option(names = "--queue", defaultValue = "64",
      description = "predictions that may wait for a worker; beyond that requests get 503 (default ${DEFAULT-VALUE})")
  int queue;

  @Option(names = "--max-body-mb", defaultValue = "64", description = "largest request body in MiB (default ${DEFAULT-VALUE})")
  int maxBodyMb;

  @Option(names = "--max-response-mb", defaultValue = "64",
      description = "largest answer in MiB; a request whose answer could be larger is refused before it runs (default ${DEFAULT-VALUE})")
  int maxResponseMb;

  @Option(names = "--body-timeout-s", defaultValue = "30",
      description = "seconds a request body may take to arrive (default ${DEFAULT-VALUE})")
  int bodyTimeoutSeconds;

  @Option(names = "--trust-all-ops",
      description = "serve models whose graphs hold ops outside tf-vae's allowlist (file access, …)")
  boolean trustAllOps;

  @Override
  public Integer call() throws Exception {
    if (Files.isRegularFile(model.resolve("saved_model.pb"))) {
      throw new IllegalArgumentException(
          model + " is a version folder; serve its base folder " + model.toAbsolutePath().getParent());
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
    }
    if (maxBodyMb <= 0 || maxBodyMb > 2047 || maxResponseMb <= 0 || maxResponseMb > 2047) {
      throw new IllegalArgumentException("--max-body-mb and --max-response-mb must be in 1..2047, got "
          + maxBodyMb + " and " + maxResponseMb);
    }
    if (bodyTimeoutSeconds <= 0 || bodyTimeoutSeconds > 3600) {
      throw new IllegalArgumentException("--body-timeout-s must be in 1..3600, got " + bodyTimeoutSeconds);
    }
    ModelServer.Options defaults = ModelServer.Options.defaults();
    ModelServer.Options options;
    try {
      options =
          defaults
              .host(host)
              .port(port)
              .threads(threads)
              .workers(workers == 0 ? defaults.workers() : workers, queue)
              .limits((long) maxBodyMb << 20, (long) maxResponseMb << 20)
              .timeouts(bodyTimeoutSeconds * 1000L, defaults.idleTimeoutMillis())
              .trustAllOps(trustAllOps);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("serve: " + e.getMessage(), e);
    }
    ModelServer server = ModelServer.start(model, options);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tf-vae-serve-stop"));
    System.err.printf("serving %s version %d at http://%s:%d/v1/models/%s on %s (Ctrl-C stops)%n",
        server.name(), server.version(), host, server.port(), server.name(), ComputeDevice.detect().describe());
    server.join();
    return 0;
  }
}
