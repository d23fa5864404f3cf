package dev.tfvae.serve;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The REST server of one model base folder, on Jetty.
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.start(Path.of("savedmodels/fashion-mnist-vae"),
 *     ModelServer.Options.defaults().port(8501))) {
 *   server.join();
 * }
 * }</pre>
 *
 * <p>Guarantees, whatever clients do:
 *
 * <ul>
 *   <li>Request bodies are read without holding a thread, and each must arrive within the body timeout
 *       (else 408): slow uploads do not lock out other clients.
 *   <li>At most {@code workers} predictions run at once. One whose body came with its request runs on
 *       that request's thread when a slot is free (no hand-off: the lowest latency; at most half the
 *       request threads do so); the others go to a pool of {@code workers} threads with a bounded queue,
 *       and a request that finds the queue full is refused at once with 503 and {@code Retry-After}.
 *   <li>A request's body is limited (413), and so is its answer: one that could exceed the response
 *       limit is refused with 400 before it runs, naming the limit.
 *   <li>Every error, Jetty's own included, is {@code {"error": "…"}} with its status.
 *   <li>{@link #close()} stops accepting, lets running requests finish for at most {@link #STOP_MILLIS}
 *       ms, then closes the models.
 * </ul>
 */
public final class ModelServer implements AutoCloseable {
  /** How long {@link #close()} waits for running requests. */
  public static final long STOP_MILLIS = 3_000;

  /**
   * Server settings; {@link #defaults()} and the {@code with…} methods make them.
   *
   * @param host address to bind ({@code 127.0.0.1} by default; {@code 0.0.0.0} for every interface)
   * @param port TCP port, 0 for any free one
   * @param threads HTTP request threads (Jetty's pool: connections, routing, bodies, answers)
   * @param workers predictions that run at once, and the threads of the pool that runs those not run on
   *     their request's thread
   * @param queue predictions that may wait for a worker before requests are refused with 503
   * @param maxBodyBytes largest accepted request body
   * @param maxResponseBytes largest answer a prediction may produce
   * @param bodyTimeoutMillis how long a request body may take to arrive
   * @param idleTimeoutMillis how long a connection may stay silent
   * @param maxConnections connections open at once; more wait to be accepted
   * @param trustAllOps serve models whose graphs hold ops outside the allowlist
   */
  public record Options(
      String host,
      int port,
      int threads,
      int workers,
      int queue,
      long maxBodyBytes,
      long maxResponseBytes,
      long bodyTimeoutMillis,
      long idleTimeoutMillis,
      int maxConnections,
      boolean trustAllOps) {
    public Options {
      checkNotNull(host, "host");
      checkArgument(port >= 0 && port <= 65535, "port must be in 0..65535: %s", port);
      checkArgument(threads >= 4 && threads <= 1024, "threads must be in 4..1024: %s", threads);
      checkArgument(workers >= 1 && workers <= 256, "workers must be in 1..256: %s", workers);
      checkArgument(queue >= 0 && queue <= 10_000, "queue must be in 0..10000: %s", queue);
      checkArgument(maxBodyBytes > 0 && maxBodyBytes <= Integer.MAX_VALUE - 8,
          "the body limit must be in 1..2 GiB: %s", maxBodyBytes);
      checkArgument(maxResponseBytes > 0 && maxResponseBytes <= Integer.MAX_VALUE - 8,
          "the response limit must be in 1..2 GiB: %s", maxResponseBytes);
      checkArgument(bodyTimeoutMillis > 0, "the body timeout must be positive: %s", bodyTimeoutMillis);
      checkArgument(idleTimeoutMillis > 0, "the idle timeout must be positive: %s", idleTimeoutMillis);
      checkArgument(maxConnections >= 1, "maxConnections must be positive: %s", maxConnections);
    }

    /**
     * 127.0.0.1:8501, 16 request threads, 2 prediction workers per core with a queue of 64, 64 MiB
     * bodies and answers, 30 s for a body, 30 s idle, 1024 connections, allowlisted models only.
     */
    public static Options defaults() {
      int cores = Runtime.getRuntime().availableProcessors();
      return new Options("127.0.0.1", 8501, 16, Math.max(2, 2 * cores), 64, 64L << 20, 64L << 20,
          30_000, 30_000, 1024, false);
    }

    public Options host(String host) {
      return new Options(host, port, threads, workers, queue, maxBodyBytes, maxResponseBytes,
          bodyTimeoutMillis, idleTimeoutMillis, maxConnections, trustAllOps);
    }

    public Options port(int port) {
      return new Options(host, port, threads, workers, queue, maxBodyBytes, maxResponseBytes,
          bodyTimeoutMillis, idleTimeoutMillis, maxConnections, trustAllOps);
    }

    public Options threads(int threads) {
      return new Options(host, port, threads, workers, queue, maxBodyBytes, maxResponseBytes,
          bodyTimeoutMillis, idleTimeoutMillis, maxConnections, trustAllOps);
    }

    public Options workers(int workers, int queue) {
      return new Options(host, port, threads, workers, queue, maxBodyBytes, maxResponseBytes,
          bodyTimeoutMillis, idleTimeoutMillis, maxConnections, trustAllOps);
    }

    public Options limits(long maxBodyBytes, long maxResponseBytes) {
      return new Options(host, port, threads, workers, queue, maxBodyBytes, maxResponseBytes,
          bodyTimeoutMillis, idleTimeoutMillis, maxConnections, trustAllOps);
    }

    public Options timeouts(long bodyTimeoutMillis, long idleTimeoutMillis) {
      return new Options(host, port, threads, workers, queue, maxBodyBytes, maxResponseBytes,
          bodyTimeoutMillis, idleTimeoutMillis, maxConnections, trustAllOps);
    }

    public Options maxConnections(int maxConnections) {
      return new Options(host, port, threads, workers, queue, maxBodyBytes, maxResponseBytes,
          bodyTimeoutMillis, idleTimeoutMillis, maxConnections, trustAllOps);
    }

    public Options trustAllOps(boolean trustAllOps) {
      return new Options(host, port, threads, workers, queue, maxBodyBytes, maxResponseBytes,
          bodyTimeoutMillis, idleTimeoutMillis, maxConnections, trustAllOps);
    }
  }

  private final Server server;
  private final ServerConnector connector;
  private final ModelRegistry registry;
  private final ThreadPoolExecutor workers;

  private ModelServer(Server server, ServerConnector connector, ModelRegistry registry,
      ThreadPoolExecutor workers) {
    this.server = server;
    this.connector = connector;
    this.registry = registry;
    this.workers = workers;
  }

  /** Loads the newest version under {@code baseDir} and starts serving it. */
  public static ModelServer start(Path baseDir, Options options) throws IOException {
    ModelRegistry registry = new ModelRegistry(baseDir, options.trustAllOps());
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(options.workers(), options.workers(), 0, TimeUnit.MILLISECONDS,
            options.queue() == 0 ? new java.util.concurrent.SynchronousQueue<>()
                : new ArrayBlockingQueue<>(options.queue()),
            new ThreadFactoryBuilder().setDaemon(true).setNameFormat("tf-vae-predict-%d").build(),
            new ThreadPoolExecutor.AbortPolicy());
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
    server.addBean(new NetworkConnectionLimit(options.maxConnections(), connector));
    server.setErrorHandler(new JsonErrorHandler());
    server.setHandler(new RestApi(registry, options, workers));
    server.setStopTimeout(STOP_MILLIS);
    try {
      server.start();
    } catch (Exception e) {
      workers.shutdownNow();
      registry.close();
      throw new IOException("cannot start the server on " + options.host() + ":" + options.port() + ": "
          + e.getMessage(), e);
    }
    return new ModelServer(server, connector, registry, workers);
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

  /**
   * Stops accepting requests, lets running ones finish (up to {@link #STOP_MILLIS} ms), then closes the
   * models. Idempotent.
   */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("stopping the server failed", e);
    } finally {
      workers.shutdown();
      try {
        if (!workers.awaitTermination(STOP_MILLIS, TimeUnit.MILLISECONDS)) {
          workers.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      registry.close();
    }
  }
}
