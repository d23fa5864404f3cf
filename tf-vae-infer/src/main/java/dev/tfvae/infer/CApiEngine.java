package dev.tfvae.infer;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_AllocateTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteTensor;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_FLOAT;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GraphOperationByName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_INT32;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_INT64;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_LoadSessionFromSavedModel;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionRun;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorByteSize;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorData;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_TensorType;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.TF_Tensor;
import org.tensorflow.proto.ConfigProto;

/**
 * An {@link Engine} that owns its session outright through TensorFlow's C API, as published by TF Java
 * ({@code org.tensorflow.internal.c_api}): the SavedModel is loaded with {@code
 * TF_LoadSessionFromSavedModel} into a graph and session that only this object holds, and every call is
 * one {@code TF_SessionRun} with tensors allocated by {@code TF_AllocateTensor} and written in place.
 * A prepared call allocates its input tensor, feed and fetch arrays and status once and reuses them;
 * that per-call saving is what makes single examples faster than through TF Java's {@code Session.Runner}
 * (docs/TFJAVA_NOTES.md, "Inference latency"). Failed runs raise the exception types TF Java's runner
 * raises ({@code TF_Status.throwExceptionIfNotOK}).
 *
 * <p>Every native object is released exactly once: tensors of a call in its {@code finally}, the
 * session and graph in {@link #close()}.
 */
final class CApiEngine implements Engine {
  private final TF_Graph graph;
  private final TF_Session session;
  private final Lanes lanes;
  /** Graph tensors by name ({@code op:index}), resolved once. */
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

  /** One graph tensor: its operation and output index. */
  private record Endpoint(TF_Operation operation, int index) {}

  private CApiEngine(TF_Graph graph, TF_Session session, Lanes lanes) {
    this.graph = graph;
    this.session = session;
    this.lanes = lanes;
  }

  /**
   * Loads the meta graph tagged {@code tag} of the SavedModel in {@code dir}, with its variables.
   *
   * @throws org.tensorflow.exceptions.TensorFlowException if TensorFlow cannot load it
   */
  static CApiEngine load(Path dir, String tag, ConfigProto config, Lanes lanes) {
    TF_Status status = TF_Status.newStatus();
    TF_SessionOptions options = TF_NewSessionOptions();
    TF_Graph graph = TF_NewGraph();
    try (BytePointer configBytes = new BytePointer(config.toByteArray());
        BytePointer exportDir = new BytePointer(dir.toString());
        BytePointer tagName = new BytePointer(tag);
        PointerPointer<BytePointer> tags = new PointerPointer<>(1)) {
      TF_SetConfig(options, configBytes, configBytes.capacity(), status);
      status.throwExceptionIfNotOK();
      tags.put(0, tagName);
      TF_Session session =
          TF_LoadSessionFromSavedModel(
              options, (TF_Buffer) null, exportDir, tags, 1, graph, (TF_Buffer) null, status);
      status.throwExceptionIfNotOK();
      return new CApiEngine(graph, session, lanes);
    } catch (RuntimeException | Error e) {
      TF_DeleteGraph(graph);
      throw e;
    } finally {
      TF_DeleteSessionOptions(options);
      status.close();
    }
  }

  @Override
  public void resolve(Iterable<String> tensors) {
    for (String tensor : tensors) {
      endpoint(tensor);
    }
  }

  private Endpoint endpoint(String tensor) {
    Endpoint e = endpoints.get(tensor);
    if (e == null) {
      int colon = tensor.lastIndexOf(':');
      String op = colon < 0 ? tensor : tensor.substring(0, colon);
      int index;
      try {
        index = colon < 0 ? 0 : Integer.parseInt(tensor.substring(colon + 1));
      } catch (NumberFormatException bad) {
        throw new IllegalArgumentException("not a tensor name: " + tensor);
      }
      TF_Operation operation = TF_GraphOperationByName(graph, op);
      if (operation == null || operation.isNull()) {
        throw new IllegalArgumentException("the graph has no operation " + op + " (tensor " + tensor + ")");
      }
      e = new Endpoint(operation, index);
      endpoints.put(tensor, e);
    }
    return e;
  }

  private void point(TF_Output outputs, int position, String tensor) {
    Endpoint e = endpoint(tensor);
    outputs.position(position).oper(e.operation()).index(e.index());
  }

  private static TF_Tensor allocateFloats(long[] dims) {
    long values = 1;
    for (long d : dims) {
      values = Math.multiplyExact(values, d);
    }
    return TF_AllocateTensor(TF_FLOAT, dims, dims.length, Math.multiplyExact(values, Float.BYTES));
  }

  private static FloatBuffer floats(TF_Tensor tensor) {
    long bytes = TF_TensorByteSize(tensor);
    return new FloatPointer(TF_TensorData(tensor)).capacity(bytes / Float.BYTES).asBuffer();
  }

  /** Reads {@code rows × width} float32 values of fetched tensor {@code name}. */
  private static float[][] readRows(TF_Tensor tensor, String name, int rows, int width) {
    long expected = (long) rows * width;
    long values = TF_TensorByteSize(tensor) / Float.BYTES;
    if (TF_TensorType(tensor) != TF_FLOAT || values != expected) {
      throw new IllegalStateException(Engine.badOutput(name, values, expected));
    }
    FloatBuffer data = floats(tensor);
    float[][] out = new float[rows][width];
    for (float[] row : out) {
      data.get(row);
    }
    return out;
  }

  /** Runs the session; deletes the fetched tensors after {@code read} has copied them out. */
  private void sessionRun(TF_Output feeds, PointerPointer<TF_Tensor> feedValues, int feedCount,
      TF_Output fetches, PointerPointer<TF_Tensor> fetchValues, int fetchCount, TF_Status status) {
    feeds.position(0);
    fetches.position(0);
    lanes.acquire();
    try {
      TF_SessionRun(session, null, feeds, feedValues, feedCount, fetches, fetchValues, fetchCount,
          (PointerPointer<?>) null, 0, (TF_Buffer) null, status);
    } finally {
      lanes.release();
    }
  }

  /**
   * A new tensor of rows {@code [start, start + count)} of {@code feed}, each checked as it is written;
   * deleted again if a check fails.
   */
  private static TF_Tensor floatRows(FloatFeed feed, int start, int count) {
    long[] dims = new long[feed.rowDims().length + 1];
    dims[0] = count;
    System.arraycopy(feed.rowDims(), 0, dims, 1, feed.rowDims().length);
    TF_Tensor tensor = allocateFloats(dims);
    try {
      FloatBuffer data = floats(tensor);
      for (int i = start; i < start + count; i++) {
        float[] row = feed.rows()[i];
        feed.check().check(row, i);
        data.put(row);
      }
      return tensor;
    } catch (RuntimeException e) {
      TF_DeleteTensor(tensor);
      throw e;
    }
  }

  @Override
  public float[][][] run(List<FloatFeed> feeds, int start, int count, List<String> fetches, int[] widths) {
    TF_Tensor[] inputs = new TF_Tensor[feeds.size()];
    TF_Tensor[] outputs = new TF_Tensor[fetches.size()];
    try (TF_Output feedOutputs = new TF_Output(feeds.size());
        PointerPointer<TF_Tensor> feedValues = new PointerPointer<>(feeds.size());
        TF_Output fetchOutputs = new TF_Output(fetches.size());
        PointerPointer<TF_Tensor> fetchValues = new PointerPointer<>(fetches.size());
        TF_Status status = TF_Status.newStatus()) {
      for (int f = 0; f < feeds.size(); f++) {
        FloatFeed feed = feeds.get(f);
        inputs[f] = floatRows(feed, start, count);
        point(feedOutputs, f, feed.tensor());
        feedValues.put(f, inputs[f]);
      }
      for (int k = 0; k < fetches.size(); k++) {
        point(fetchOutputs, k, fetches.get(k));
        fetchValues.put(k, null);
      }
      sessionRun(feedOutputs, feedValues, feeds.size(), fetchOutputs, fetchValues, fetches.size(), status);
      for (int k = 0; k < fetches.size(); k++) {
        outputs[k] = fetchValues.get(TF_Tensor.class, k);
      }
      status.throwExceptionIfNotOK();
      float[][][] out = new float[fetches.size()][][];
      for (int k = 0; k < fetches.size(); k++) {
        out[k] = readRows(outputs[k], fetches.get(k), count, widths[k]);
      }
      return out;
    } finally {
      deleteAll(inputs);
      deleteAll(outputs);
    }
  }

  @Override
  public float[][] generate(String countTensor, int n, String seedTensor, long[] seed, FloatFeed label,
      String samplesTensor, int width) {
    int feedCount = label == null ? 2 : 3;
    TF_Tensor[] inputs = new TF_Tensor[feedCount];
    TF_Tensor[] outputs = new TF_Tensor[1];
    try (TF_Output feedOutputs = new TF_Output(feedCount);
        PointerPointer<TF_Tensor> feedValues = new PointerPointer<>(feedCount);
        TF_Output fetchOutputs = new TF_Output(1);
        PointerPointer<TF_Tensor> fetchValues = new PointerPointer<>(1);
        TF_Status status = TF_Status.newStatus()) {
      inputs[0] = TF_AllocateTensor(TF_INT32, new long[0], 0, Integer.BYTES);
      new IntPointer(TF_TensorData(inputs[0])).put(n);
      inputs[1] = TF_AllocateTensor(TF_INT64, new long[] {2}, 1, 2L * Long.BYTES);
      new LongPointer(TF_TensorData(inputs[1])).put(seed[0]).put(1, seed[1]);
      point(feedOutputs, 0, countTensor);
      point(feedOutputs, 1, seedTensor);
      feedValues.put(0, inputs[0]).put(1, inputs[1]);
      if (label != null) {
        inputs[2] = floatRows(label, 0, label.rows().length);
        point(feedOutputs, 2, label.tensor());
        feedValues.put(2, inputs[2]);
      }
      point(fetchOutputs, 0, samplesTensor);
      fetchValues.put(0, null);
      sessionRun(feedOutputs, feedValues, feedCount, fetchOutputs, fetchValues, 1, status);
      outputs[0] = fetchValues.get(TF_Tensor.class, 0);
      status.throwExceptionIfNotOK();
      return readRows(outputs[0], samplesTensor, n, width);
    } finally {
      deleteAll(inputs);
      deleteAll(outputs);
    }
  }

  @Override
  public PreparedCall prepare(CallSpec spec) {
    return new Prepared(spec.input(), spec.rowDims(), spec.fetches(), spec.widths());
  }

  private static void deleteAll(TF_Tensor[] tensors) {
    for (TF_Tensor t : tensors) {
      if (t != null && !t.isNull()) {
        TF_DeleteTensor(t);
      }
    }
  }

  /** A single-example call whose tensors, arrays and status live as long as it does. */
  private final class Prepared implements PreparedCall {
    private final TF_Tensor inputTensor;
    private final FloatBuffer inputData;
    private final TF_Output feeds = new TF_Output(1);
    private final PointerPointer<TF_Tensor> feedValues = new PointerPointer<>(1);
    private final TF_Output fetchOutputs;
    private final PointerPointer<TF_Tensor> fetchValues;
    private final TF_Status status = TF_Status.newStatus();
    private final List<String> fetches;
    private final int[] widths;

    Prepared(String input, long[] rowDims, List<String> fetches, int[] widths) {
      this.fetches = List.copyOf(fetches);
      this.widths = widths;
      this.fetchOutputs = new TF_Output(fetches.size());
      this.fetchValues = new PointerPointer<>(fetches.size());
      long[] dims = new long[rowDims.length + 1];
      dims[0] = 1;
      System.arraycopy(rowDims, 0, dims, 1, rowDims.length);
      try {
        point(feeds, 0, input);
        for (int k = 0; k < fetches.size(); k++) {
          point(fetchOutputs, k, fetches.get(k));
          fetchValues.put(k, null);
        }
      } catch (RuntimeException e) {
        closePointers();
        throw e;
      }
      inputTensor = allocateFloats(dims);
      inputData = floats(inputTensor);
      feedValues.put(0, inputTensor);
    }

    @Override
    public float[][] run(float[] x) {
      inputData.clear();
      inputData.put(x);
      int n = fetches.size();
      TF_Tensor[] results = new TF_Tensor[n];
      try {
        sessionRun(feeds, feedValues, 1, fetchOutputs, fetchValues, n, status);
        for (int k = 0; k < n; k++) {
          results[k] = fetchValues.get(TF_Tensor.class, k);
          fetchValues.put(k, null);
        }
        status.throwExceptionIfNotOK();
        float[][] out = new float[n][];
        for (int k = 0; k < n; k++) {
          out[k] = readRows(results[k], fetches.get(k), 1, widths[k])[0];
        }
        return out;
      } finally {
        deleteAll(results);
      }
    }

    private void closePointers() {
      feeds.close();
      feedValues.close();
      fetchOutputs.close();
      fetchValues.close();
      status.close();
    }

    @Override
    public void close() {
      closePointers();
      if (inputTensor != null) {
        TF_DeleteTensor(inputTensor);
      }
    }
  }

  @Override
  public void close() {
    try (TF_Status status = TF_Status.newStatus()) {
      // The result of closing is ignored, the session is deleted regardless (as TF Java does).
      TF_CloseSession(session, status);
      TF_DeleteSession(session, status);
    } finally {
      TF_DeleteGraph(graph);
    }
  }
}
