package dev.tfvae.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.io.ByteStreams;
import dev.tfvae.infer.ModelClosedException;
import dev.tfvae.infer.ModelPaths;
import dev.tfvae.infer.VaeModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

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
 * 405 wrong method, 413 body too large); a model that cannot be loaded gets 503.
 */
final class RestApi extends Handler.Abstract {
  private static final Pattern ROUTE =
      Pattern.compile("/v1/models/([^/:]+)(?:/versions/([0-9]+))?(?:(/metadata)|:([a-z]+))?/?");

  private final ModelRegistry registry;
  private final long maxBodyBytes;
  private final ObjectMapper json;

  RestApi(ModelRegistry registry, long maxBodyBytes) {
    this.registry = registry;
    this.maxBodyBytes = maxBodyBytes;
    // Bodies are mostly numbers: Jackson's fast float parser and writer roughly halve their cost.
    this.json =
        JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    // Tensors nest a few levels; a deeply nested body is an attack, not an input.
    json.getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = 200;
    JsonNode body;
    try {
      body = route(request);
    } catch (ApiException e) {
      status = e.status();
      body = error(e.getMessage());
    } catch (RuntimeException e) {
      status = 500;
      body = error("internal error: " + e);
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    String text;
    try {
      text = json.writeValueAsString(body) + "\n";
    } catch (JsonProcessingException e) {
      text = "{\"error\": \"cannot write the response\"}\n";
    }
    Content.Sink.write(response, true, text, callback);
    return true;
  }

  private ObjectNode error(String message) {
    ObjectNode node = json.createObjectNode();
    node.put("error", message);
    return node;
  }

  private JsonNode route(Request request) {
    String path = Request.getPathInContext(request);
    Matcher m = ROUTE.matcher(path);
    if (!m.matches()) {
      throw ApiException.notFound("no such resource: " + path + " (the API is /v1/models/NAME[/versions/V]"
          + "[/metadata | :predict])");
    }
    if (!m.group(1).equals(registry.name())) {
      throw ApiException.notFound("Servable not found for request: model " + m.group(1)
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
      return predict(request, version);
    }
    if (!method.equals("GET")) {
      throw new ApiException(405, path + " takes GET, got " + method);
    }
    return m.group(3) != null ? metadata(version) : status(version);
  }

  private static int parseVersion(String text) {
    return ModelPaths.versionNumber(text)
        .orElseThrow(() -> ApiException.notFound("no version " + text + " (versions are 1.."
            + ModelPaths.MAX_VERSION + ")"));
  }

  private ModelRegistry.Served served(Integer version) {
    return version == null ? registry.latest() : registry.version(version);
  }

  private JsonNode predict(Request request, Integer version) {
    JsonNode body = readBody(request);
    for (int attempt = 0; ; attempt++) {
      ModelRegistry.Served served = served(version);
      try {
        return new Predictor(served.model()).predict(body);
      } catch (ModelClosedException closed) {
        // The version was unloaded (a newer one arrived) while this request held it: try once more.
        if (attempt > 0) {
          throw new ApiException(503, "model version " + served.version() + " was unloaded: " + closed.getMessage());
        }
      }
    }
  }

  private JsonNode readBody(Request request) {
    long length = request.getLength();
    if (length > maxBodyBytes) {
      throw new ApiException(413, "request body of " + length + " bytes exceeds the limit of " + maxBodyBytes);
    }
    byte[] bytes;
    try (InputStream in = Content.Source.asInputStream(request)) {
      bytes = ByteStreams.toByteArray(ByteStreams.limit(in, maxBodyBytes + 1));
    } catch (IOException e) {
      throw ApiException.badRequest("cannot read the request body: " + e.getMessage());
    }
    if (bytes.length > maxBodyBytes) {
      throw new ApiException(413, "request body exceeds the limit of " + maxBodyBytes + " bytes");
    }
    try {
      JsonNode node = json.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badRequest("empty request body; expected a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("malformed JSON: " + e.getMessage());
    }
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
