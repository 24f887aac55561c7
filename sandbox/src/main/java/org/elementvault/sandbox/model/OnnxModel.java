package org.elementvault.sandbox.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.elementvault.engine.VaultException;

/**
 * A registered ONNX model, opened by ONNX Runtime from its bytes in memory (never from a path, so
 * nothing outside the vault is read), checked against the contract every registered model keeps:
 *
 * <ul>
 *   <li>at most {@value #MAX_BYTES} bytes, well-formed, without external tensor data;
 *   <li>operator sets only from ONNX ({@code ai.onnx}, opset {@value #MIN_OPSET} to {@value
 *       #MAX_OPSET}) and ONNX-ML;
 *   <li><b>one input per feature</b>, named exactly as the feature column, a float32 tensor of
 *       shape {@code [N]} or {@code [N, 1]} (N may be dynamic);
 *   <li>exactly one output, a float32 or float64 tensor of shape {@code [N]} or {@code [N, 1]}: the
 *       score of each row.
 * </ul>
 *
 * Holds the native session: the caller closes it. Not thread-safe.
 */
final class OnnxModel implements Scorer {

  /** The largest model file the registry accepts. */
  static final int MAX_BYTES = 16 << 20;

  /** The oldest ONNX opset accepted. */
  static final int MIN_OPSET = 7;

  /** The newest ONNX opset ONNX Runtime 1.20 implements. */
  static final int MAX_OPSET = 21;

  private final OrtSession session;
  private final List<String> features;
  private final Map<String, long[]> inputShapes;
  private final int opset;

  private OnnxModel(
      OrtSession session, List<String> features, Map<String, long[]> inputShapes, int opset) {
    this.session = session;
    this.features = List.copyOf(features);
    this.inputShapes = Map.copyOf(inputShapes);
    this.opset = opset;
  }

  /**
   * Opens {@code bytes} as a model scoring {@code features}, checking the contract above.
   *
   * @throws VaultException {@code USER_ERROR} naming the rule the file breaks
   */
  static OnnxModel open(byte[] bytes, List<String> features) {
    if (bytes.length == 0 || bytes.length > MAX_BYTES) {
      throw ModelMessages.onnxRefused(ModelMessages.ONNX_SIZE);
    }
    OnnxFile file;
    try {
      file = OnnxFile.read(bytes);
    } catch (IOException e) {
      throw ModelMessages.onnxRefused(ModelMessages.ONNX_MALFORMED);
    }
    if (file.hasExternalData()) {
      throw ModelMessages.onnxRefused(ModelMessages.ONNX_EXTERNAL_DATA);
    }
    int opset = opset(file);
    OrtSession session;
    try {
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      // One job, one core: scoring must not starve the other tenants' jobs.
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      session = OrtEnvironment.getEnvironment().createSession(bytes, options);
    } catch (OrtException e) {
      // The runtime's message may quote the file; only the rule is reported.
      throw ModelMessages.onnxRefused(ModelMessages.ONNX_RUNTIME_REFUSED);
    }
    try {
      Map<String, long[]> shapes = inputs(session, features);
      checkOutput(session);
      return new OnnxModel(session, features, shapes, opset);
    } catch (OrtException | RuntimeException e) {
      closeQuietly(session);
      throw e instanceof VaultException v
          ? v
          : ModelMessages.onnxRefused(ModelMessages.ONNX_RUNTIME_REFUSED);
    }
  }

  @Override
  public List<String> features() {
    return features;
  }

  /** The highest ONNX opset the file imports. */
  int opset() {
    return opset;
  }

  /** Scores in batches of {@value Scorer#BATCH_ROWS} rows, one call of the runtime each. */
  @Override
  public double[] score(double[][] rows, Runnable onBatch) {
    double[] scores = new double[rows.length];
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    for (int from = 0; from < rows.length; from += BATCH_ROWS) {
      onBatch.run();
      int n = Math.min(BATCH_ROWS, rows.length - from);
      Map<String, OnnxTensor> inputs = new HashMap<>();
      try {
        for (int j = 0; j < features.size(); j++) {
          FloatBuffer column = FloatBuffer.allocate(n);
          for (int i = 0; i < n; i++) {
            column.put((float) rows[from + i][j]);
          }
          column.flip();
          String feature = features.get(j);
          long[] shape = inputShapes.get(feature).length == 1 ? new long[] {n} : new long[] {n, 1};
          inputs.put(feature, OnnxTensor.createTensor(env, column, shape));
        }
        try (OrtSession.Result result = session.run(inputs)) {
          copyScores(result.get(0), scores, from, n);
        }
      } catch (OrtException e) {
        throw ModelMessages.scoringFailed();
      } finally {
        inputs.values().forEach(OnnxTensor::close);
      }
    }
    return scores;
  }

  @Override
  public void close() {
    closeQuietly(session);
  }

  private static void copyScores(OnnxValue value, double[] scores, int from, int n) {
    if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().getShape()[0] != n) {
      throw ModelMessages.scoringFailed();
    }
    if (tensor.getInfo().type == OnnxJavaType.FLOAT) {
      FloatBuffer out = tensor.getFloatBuffer();
      if (out.remaining() != n) {
        throw ModelMessages.scoringFailed();
      }
      for (int i = 0; i < n; i++) {
        scores[from + i] = finiteOrNaN(out.get(i));
      }
    } else {
      DoubleBuffer out = tensor.getDoubleBuffer();
      if (out.remaining() != n) {
        throw ModelMessages.scoringFailed();
      }
      for (int i = 0; i < n; i++) {
        scores[from + i] = finiteOrNaN(out.get(i));
      }
    }
  }

  private static double finiteOrNaN(double value) {
    return Double.isFinite(value) ? value : Double.NaN;
  }

  private static int opset(OnnxFile file) {
    long onnx = -1;
    for (OnnxFile.OperatorSet set : file.operatorSets()) {
      if (!OnnxFile.DOMAINS.contains(set.domain())) {
        throw ModelMessages.onnxRefused(ModelMessages.ONNX_DOMAIN);
      }
      if (!set.domain().equals("ai.onnx.ml")) {
        onnx = Math.max(onnx, set.version());
      }
    }
    if (onnx < MIN_OPSET || onnx > MAX_OPSET) {
      throw ModelMessages.onnxRefused(ModelMessages.ONNX_OPSET);
    }
    return (int) onnx;
  }

  private static Map<String, long[]> inputs(OrtSession session, List<String> features)
      throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    if (!inputs.keySet().equals(Set.copyOf(features))) {
      throw ModelMessages.onnxRefused(ModelMessages.ONNX_INPUTS);
    }
    Map<String, long[]> shapes = new HashMap<>();
    for (NodeInfo input : inputs.values()) {
      if (!(input.getInfo() instanceof TensorInfo tensor)
          || tensor.type != OnnxJavaType.FLOAT
          || !isColumn(tensor.getShape())) {
        throw ModelMessages.onnxRefused(ModelMessages.ONNX_INPUT_TYPE);
      }
      shapes.put(input.getName(), tensor.getShape());
    }
    return shapes;
  }

  private static void checkOutput(OrtSession session) throws OrtException {
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    if (outputs.size() != 1
        || !(outputs.values().iterator().next().getInfo() instanceof TensorInfo tensor)
        || (tensor.type != OnnxJavaType.FLOAT && tensor.type != OnnxJavaType.DOUBLE)
        || !isColumn(tensor.getShape())) {
      throw ModelMessages.onnxRefused(ModelMessages.ONNX_OUTPUT);
    }
  }

  /** {@code [N]} or {@code [N, 1]}, N dynamic (negative) or any size. */
  private static boolean isColumn(long[] shape) {
    return shape.length == 1 || (shape.length == 2 && shape[1] == 1);
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // Closing frees native memory only; nothing to report to the caller.
    }
  }
}
