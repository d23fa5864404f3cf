package dev.tfvae.infer;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_FLOAT;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GraphOperationByName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionRun;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorByteSize;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorType;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.tensorflow.Graph;
import org.tensorflow.RawTensor;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.types.TFloat32;

/**
 * One prepared single-example call made through TensorFlow's C API ({@code TF_SessionRun}) with its
 * feed, fetches and result slots allocated once, instead of through {@code Session.Runner.run()}.
 *
 * <p>Why: on the shipped model, encode through a reused TF Java runner measured 52–54 µs median and the
 * same session called this way 35–38 µs. The runner allocates several native pointer arrays and result
 * wrappers per call, and JavaCPP accounts for each. The session, graph and input tensor are TF Java's own;
 * their native handles are private there and read once by reflection. When that is not possible (another
 * TF Java version, or a module system that does not open the package), {@link #create} returns null and
 * the caller keeps using the runner, which gives the same results.
 *
 * <p>The system property {@value #PROPERTY}{@code =false} turns direct calls off (read when a call is
 * prepared), for comparison or should a TF Java version ever disagree with them.
 *
 * <p>Not thread-safe: like a runner and its input tensor, one thread uses it at a time. The caller keeps
 * the session open while it runs (TF Java's own close-waits-for-runs counter is bypassed here).
 */
final class DirectCall implements AutoCloseable {
  /** The system property that turns direct calls off when set to {@code false}. */
  static final String PROPERTY = "tfvae.infer.directCalls";

  private static final Field SESSION_HANDLE = accessibleField(Session.class, "nativeHandle");
  private static final Field GRAPH_HANDLE = accessibleField(Graph.class, "nativeHandle");
  private static final Method TENSOR_HANDLE = accessibleMethod(RawTensor.class, "nativeHandle");

  private final TF_Session session;
  private final TF_Output feeds;
  private final PointerPointer<TF_Tensor> feedValues;
  private final TF_Output fetches;
  private final PointerPointer<TF_Tensor> fetchValues;
  private final int[] widths;
  private final TF_Status status;

  private DirectCall(TF_Session session, TF_Output feeds, PointerPointer<TF_Tensor> feedValues,
      TF_Output fetches, PointerPointer<TF_Tensor> fetchValues, int[] widths) {
    this.session = session;
    this.feeds = feeds;
    this.feedValues = feedValues;
    this.fetches = fetches;
    this.fetchValues = fetchValues;
    this.widths = widths;
    this.status = TF_NewStatus();
  }

  /**
   * A direct call feeding {@code input} to tensor {@code inputName} ("op:index") and fetching
   * {@code outputNames}, each a float32 tensor of {@code widths[k]} values; null when TF Java's handles
   * cannot be reached or a name does not resolve.
   */
  static DirectCall create(Session session, Graph graph, TFloat32 input, String inputName,
      List<String> outputNames, int[] widths) {
    if (SESSION_HANDLE == null || GRAPH_HANDLE == null || TENSOR_HANDLE == null
        || "false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
      return null;
    }
    TF_Session sessionHandle;
    TF_Graph graphHandle;
    TF_Tensor inputHandle;
    try {
      sessionHandle = (TF_Session) SESSION_HANDLE.get(session);
      graphHandle = (TF_Graph) GRAPH_HANDLE.get(graph);
      inputHandle = (TF_Tensor) TENSOR_HANDLE.invoke(input.asRawTensor());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
    if (isNull(sessionHandle) || isNull(graphHandle) || isNull(inputHandle)) {
      return null;
    }
    TF_Output feeds = new TF_Output(1);
    TF_Output fetches = new TF_Output(outputNames.size());
    boolean resolved = resolve(graphHandle, inputName, feeds, 0);
    for (int k = 0; k < outputNames.size(); k++) {
      resolved &= resolve(graphHandle, outputNames.get(k), fetches, k);
    }
    feeds.position(0);
    fetches.position(0);
    if (!resolved) {
      feeds.close();
      fetches.close();
      return null;
    }
    PointerPointer<TF_Tensor> feedValues = new PointerPointer<>(1);
    feedValues.put(0, inputHandle);
    return new DirectCall(
        sessionHandle, feeds, feedValues, fetches, new PointerPointer<>(outputNames.size()),
        widths.clone());
  }

  /** Runs the call once; returns each fetched tensor's values. */
  float[][] run() {
    int n = widths.length;
    TF_SessionRun(session, (TF_Buffer) null, feeds, feedValues, 1, fetches, fetchValues, n,
        (PointerPointer<?>) null, 0, (TF_Buffer) null, status);
    if (TF_GetCode(status) != TF_OK) {
      throw new IllegalStateException("TensorFlow failed to run the call: " + TF_Message(status).getString());
    }
    float[][] out = new float[n][];
    TF_Tensor[] results = new TF_Tensor[n];
    for (int k = 0; k < n; k++) {
      results[k] = fetchValues.get(TF_Tensor.class, k);
      fetchValues.put(k, null);
    }
    try {
      for (int k = 0; k < n; k++) {
        TF_Tensor t = results[k];
        long bytes = 4L * widths[k];
        if (isNull(t) || TF_TensorType(t) != TF_FLOAT || TF_TensorByteSize(t) != bytes) {
          throw new IllegalStateException("output " + k + " is not " + widths[k] + " float32 values");
        }
        out[k] = new float[widths[k]];
        new FloatPointer(TF_TensorData(t)).get(out[k]);
      }
      return out;
    } finally {
      // The outputs are new tensors owned by this call: each is deleted exactly once, here.
      for (TF_Tensor t : results) {
        if (!isNull(t)) {
          TF_DeleteTensor(t);
        }
      }
    }
  }

  @Override
  public void close() {
    TF_DeleteStatus(status);
    feeds.close();
    fetches.close();
    feedValues.close();
    fetchValues.close();
  }

  /** Points {@code outputs[index]} at tensor {@code name} ("op:index"); false if the op is not found. */
  private static boolean resolve(TF_Graph graph, String name, TF_Output outputs, int index) {
    int colon = name.lastIndexOf(':');
    String op = colon < 0 ? name : name.substring(0, colon);
    int port = colon < 0 ? 0 : Integer.parseInt(name.substring(colon + 1));
    TF_Operation operation = TF_GraphOperationByName(graph, op);
    if (isNull(operation)) {
      return false;
    }
    outputs.position(index).oper(operation).index(port);
    return true;
  }

  private static boolean isNull(org.bytedeco.javacpp.Pointer p) {
    return p == null || p.isNull();
  }

  private static Field accessibleField(Class<?> type, String name) {
    try {
      Field f = type.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Method accessibleMethod(Class<?> type, String name) {
    try {
      Method m = type.getDeclaredMethod(name);
      m.setAccessible(true);
      return m;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
