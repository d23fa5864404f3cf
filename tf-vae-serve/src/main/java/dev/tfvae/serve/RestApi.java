package dev.tfvae.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfvae.infer.ModelClosedException;
import dev.tfvae.infer.ModelPaths;
import dev.tfvae.infer.VaeModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * TF Serving's REST API for one model:
 *
 * <ul>
 *   <li>{@code GET /v1/models/NAME[/versions/V]}: version status;
 *   <li>{@code GET /v1/models/NAME[/versions/V]/metadata}: the signature defs, in TF Serving's JSON shape;
 *   <li>{@code POST /v1/models/NAME[/versions/V]:predict}: see {@link Predictor}.
 * </ul>
 *
 * Client mistakes get 4xx with {@code {"error": "…"}} (400 bad request, 404 unknown model or version,
 * 405 wrong method, 408 a body that did not arrive in time, 413 body too large); a full queue and a
 * model that cannot be loaded get 503. GETs are answered on the request thread; a {@code :predict}
 * body is read asynchronously, and the prediction runs on the request thread when the body came with
 * the request and fewer than {@code workers} predictions run, else on a worker ({@link ModelServer}).
 */
final class RestApi extends Handler.Abstract {
  private static final Pattern ROUTE =
      Pattern.compile("/v1/models/([^/:]+)(?:/versions/([0-9]+))?(?:(/metadata)|:([a-z]+))?/?");

  private final ModelRegistry registry;
  private final ModelServer.Options options;
  private final ExecutorService workers;
  /** Predictions running, on request threads or workers: at most {@code options.workers()}. */
  private final Semaphore running;
  /** Request threads busy predicting: at most half of them, so that the rest keep serving I/O. */
  private final Semaphore inline;
  private final ObjectMapper json = new ObjectMapper();

  RestApi(ModelRegistry registry, ModelServer.Options options, ExecutorService workers) {
    this.registry = registry;
    this.options = options;
    this.workers = workers;
    this.running = new Semaphore(options.workers());
    this.inline = new Semaphore(Math.max(1, Math.min(options.workers(), options.threads() / 2)));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      Route route = route(request);
      if (route.predict()) {
        readThenPredict(request, response, callback, route.version());
      } else {
        send(response, callback, 200, json.writeValueAsBytes(route.get().get()));
      }
    } catch (ApiException e) {
      sendError(response, callback, e);
    } catch (RuntimeException | IOException e) {
      sendError(response, callback, new ApiException(500, "internal error: " + e));
    }
    return true;
  }

  /** What a request asks for: a prediction of a version (null: the newest), or a GET's answer. */
  private record Route(boolean predict, Integer version, java.util.function.Supplier<JsonNode> get) {}

  private Route route(Request request) {
    String path = Request.getPathInContext(request);
    Matcher m = ROUTE.matcher(path);
    if (!m.matches()) {
      throw ApiException.notFound("no such resource: " + JsonValue.cut(path)
          + " (the API is /v1/models/NAME[/versions/V][/metadata | :predict])");
    }
    if (!m.group(1).equals(registry.name())) {
      throw ApiException.notFound("Servable not found for request: model " + JsonValue.cut(m.group(1))
          + " (this server serves " + registry.name() + ")");
    }
    Integer version = m.group(2) == null ? null : parseVersion(m.group(2));
    String method = request.getMethod();
    if (m.group(4) != null) {
      if (!m.group(4).equals("predict")) {
        throw ApiException.badRequest("only :predict is supported, not :" + m.group(4));
      }
      if (!method.equals("POST")) {
        throw new ApiException(405, ":predict takes POST, got " + method);
      }
      return new Route(true, version, null);
    }
    if (!method.equals("GET")) {
      throw new ApiException(405, JsonValue.cut(path) + " takes GET, got " + method);
    }
    return new Route(false, version, m.group(3) != null ? () -> metadata(version) : () -> status(version));
  }

  private static int parseVersion(String text) {
    return ModelPaths.versionNumber(text)
        .orElseThrow(() -> ApiException.notFound("no version " + JsonValue.cut(text) + " (versions are 1.."
            + ModelPaths.MAX_VERSION + ")"));
  }

  private ModelRegistry.Served served(Integer version) {
    return version == null ? registry.latest() : registry.version(version);
  }

  /**
   * Reads the body without holding a thread, within the body timeout, then runs the prediction here or
   * queues it for a worker. Exactly one answer is sent: whichever of the body, the timeout or a failure
   * comes first.
   */
  private void readThenPredict(Request request, Response response, Callback callback, Integer version) {
    long length = request.getLength();
    if (length > options.maxBodyBytes()) {
      throw new ApiException(413, "request body of " + length + " bytes exceeds the limit of "
          + options.maxBodyBytes());
    }
    AtomicBoolean answered = new AtomicBoolean();
    CompletableFuture<byte[]> body = Content.Source.asByteArrayAsync(request, (int) options.maxBodyBytes() + 1);
    // A body that came with the request is complete by now: then this thread (a request thread, free
    // to block) runs the prediction itself when a slot is free, saving a hand-off to a worker, and no
    // deadline is needed.
    boolean onRequestThread = body.isDone();
    Scheduler.Task timeout = onRequestThread ? null
        : request.getComponents().getScheduler().schedule(() -> {
          if (answered.compareAndSet(false, true)) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            sendError(response, callback, new ApiException(408, "the request body did not arrive within "
                + options.bodyTimeoutMillis() / 1000.0 + " s"));
          }
        }, options.bodyTimeoutMillis(), TimeUnit.MILLISECONDS);
    body.whenComplete((bytes, failure) -> {
      if (timeout != null) {
        timeout.cancel();
      }
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      if (failure != null) {
        sendError(response, callback, bodyFailure(failure));
        return;
      }
      if (bytes.length > options.maxBodyBytes()) {
        sendError(response, callback, new ApiException(413, "request body exceeds the limit of "
            + options.maxBodyBytes() + " bytes"));
        return;
      }
      if (onRequestThread && inline.tryAcquire()) {
        try {
          if (running.tryAcquire()) {
            try {
              predict(bytes, version, response, callback);
            } finally {
              running.release();
            }
            return;
          }
        } finally {
          inline.release();
        }
      }
      try {
        workers.execute(() -> {
          running.acquireUninterruptibly();
          try {
            predict(bytes, version, response, callback);
          } finally {
            running.release();
          }
        });
      } catch (RejectedExecutionException busy) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        sendError(response, callback, new ApiException(503, "the server is busy: "
            + options.workers() + " predictions are running and " + options.queue()
            + " are waiting; retry in a second"));
      }
    });
  }

  private ApiException bodyFailure(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
        ? c.getCause() : failure;
    if (cause instanceof IllegalArgumentException || cause instanceof ArithmeticException) {
      return new ApiException(413, "request body exceeds the limit of " + options.maxBodyBytes() + " bytes");
    }
    return ApiException.badRequest("cannot read the request body: " + cause.getMessage());
  }

  private void predict(byte[] body, Integer version, Response response, Callback callback) {
    try {
      Map<String, JsonValue> request = RequestParser.parse(body);
      for (int attempt = 0; ; attempt++) {
        ModelRegistry.Served served = served(version);
        try {
          Predictor.Answer answer = new Predictor(served.model(), options.maxResponseBytes()).predict(request);
          send(response, callback, 200, ResponseWriter.write(answer));
          return;
        } catch (ModelClosedException closed) {
          // The version was unloaded (a newer one arrived) while this request held it: try once more.
          if (attempt > 0) {
            throw new ApiException(503, "model version " + served.version() + " was unloaded: " + closed.getMessage());
          }
        }
      }
    } catch (ApiException e) {
      sendError(response, callback, e);
    } catch (RuntimeException e) {
      sendError(response, callback, new ApiException(500, "internal error: " + e));
    }
  }

  private static void send(Response response, Callback callback, int status, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private static void sendError(Response response, Callback callback, ApiException e) {
    send(response, callback, e.status(), JsonErrorHandler.body(e.status(), e.getMessage()));
  }

  private JsonNode status(Integer version) {
    ObjectNode root = json.createObjectNode();
    ArrayNode list = root.putArray("model_version_status");
    boolean found = false;
    for (ModelRegistry.VersionStatus s : registry.status()) {
      if (version != null && s.version() != version) {
        continue;
      }
      found = true;
      ObjectNode entry = list.addObject();
      entry.put("version", Integer.toString(s.version()));
      entry.put("state", s.available() ? "AVAILABLE" : "END");
      ObjectNode st = entry.putObject("status");
      st.put("error_code", s.error() == null ? "OK" : "UNKNOWN");
      st.put("error_message", s.error() == null ? "" : s.error());
    }
    if (!found) {
      throw ApiException.notFound(version == null ? "model " + registry.name() + " has no versions"
          : "model " + registry.name() + " has no version " + version);
    }
    return root;
  }

  private JsonNode metadata(Integer version) {
    ModelRegistry.Served served = served(version);
    VaeModel model = served.model();
    ObjectNode root = json.createObjectNode();
    ObjectNode spec = root.putObject("model_spec");
    spec.put("name", registry.name());
    spec.put("signature_name", "");
    spec.put("version", Integer.toString(served.version()));
    ObjectNode defs = root.putObject("metadata").putObject("signature_def").putObject("signature_def");
    for (String key : Predictor.signatures(model).keySet()) {
      defs.set(key, SignatureJson.of(model.signatures().get(key)));
    }
    return root;
  }
}
