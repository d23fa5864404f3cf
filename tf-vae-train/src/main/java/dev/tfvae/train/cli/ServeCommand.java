package dev.tfvae.train.cli;

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

  @Option(names = "--threads", defaultValue = "16", description = "request threads (default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--max-body-mb", defaultValue = "64", description = "largest request body in MiB (default ${DEFAULT-VALUE})")
  int maxBodyMb;

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
    if (maxBodyMb <= 0) {
      throw new IllegalArgumentException("--max-body-mb must be positive, got " + maxBodyMb);
    }
    ModelServer server =
        ModelServer.start(
            model,
            new ModelServer.Options(host, port, threads, (long) maxBodyMb << 20, 30_000, trustAllOps));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tf-vae-serve-stop"));
    System.err.printf("serving %s version %d at http://%s:%d/v1/models/%s (Ctrl-C stops)%n",
        server.name(), server.version(), host, server.port(), server.name());
    server.join();
    return 0;
  }
}
