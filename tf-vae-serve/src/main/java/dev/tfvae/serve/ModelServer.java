package dev.tfvae.serve;

import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The REST server of one model base folder on Jetty: a bounded thread pool (concurrent requests beyond it
 * queue), an idle timeout per connection, a request body limit, and a graceful stop that lets running
 * requests finish before the models are closed.
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.start(Path.of("savedmodels/fashion-mnist-vae"),
 *     ModelServer.Options.defaults().port(8501))) {
 *   server.join();
 * }
 * }</pre>
 */
public final class ModelServer implements AutoCloseable {
  /**
   * Server settings.
   *
   * @param host address to bind ({@code 127.0.0.1} by default; {@code 0.0.0.0} for every interface)
   * @param port TCP port, 0 for any free one
   * @param threads request threads
   * @param maxBodyBytes largest accepted request body
   * @param idleTimeoutMillis how long a connection may stay silent
   * @param trustAllOps serve models whose graphs hold ops outside the allowlist
   */
  public record Options(
      String host, int port, int threads, long maxBodyBytes, long idleTimeoutMillis, boolean trustAllOps) {
    public static Options defaults() {
      return new Options("127.0.0.1", 8501, 16, 64L << 20, 30_000, false);
    }

    public Options port(int port) {
      return new Options(host, port, threads, maxBodyBytes, idleTimeoutMillis, trustAllOps);
    }
  }

  private final Server server;
  private final ServerConnector connector;
  private final ModelRegistry registry;

  private ModelServer(Server server, ServerConnector connector, ModelRegistry registry) {
    this.server = server;
    this.connector = connector;
    this.registry = registry;
  }

  /** Loads the newest version under {@code baseDir} and starts serving it. */
  public static ModelServer start(Path baseDir, Options options) throws IOException {
    if (options.threads() < 4) {
      throw new IllegalArgumentException("at least 4 server threads are needed, got " + options.threads());
    }
    if (options.maxBodyBytes() <= 0) {
      throw new IllegalArgumentException("the body limit must be positive: " + options.maxBodyBytes());
    }
    ModelRegistry registry = new ModelRegistry(baseDir, options.trustAllOps());
    QueuedThreadPool pool = new QueuedThreadPool(options.threads(), Math.min(4, options.threads()));
    pool.setName("tf-vae-serve");
    Server server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(options.host());
    connector.setPort(options.port());
    connector.setIdleTimeout(options.idleTimeoutMillis());
    server.addConnector(connector);
    server.setHandler(new RestApi(registry, options.maxBodyBytes()));
    server.setStopTimeout(10_000);
    try {
      server.start();
    } catch (Exception e) {
      registry.close();
      throw new IOException("cannot start the server on " + options.host() + ":" + options.port() + ": "
          + e.getMessage(), e);
    }
    return new ModelServer(server, connector, registry);
  }

  /** The port actually bound. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The served model's name. */
  public String name() {
    return registry.name();
  }

  /** The newest version being served. */
  public int version() {
    return registry.latest().version();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops accepting requests, lets running ones finish (up to 10 s), then closes the models. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("stopping the server failed", e);
    } finally {
      registry.close();
    }
  }
}
