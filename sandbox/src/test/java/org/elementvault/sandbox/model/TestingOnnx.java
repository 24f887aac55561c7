package org.elementvault.sandbox.model;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.List;

/**
 * Small ONNX models built in the test with ONNX's own protobuf classes: a linear model {@code score
 * = b + Σ wⱼ·xⱼ} with one float32 input {@code [N, 1]} per feature, concatenated, multiplied by the
 * weights and shifted by the intercept (Concat, MatMul, Add; opset 13).
 */
final class TestingOnnx {

  private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();

  private TestingOnnx() {}

  /** The linear model's file: {@code features} with {@code weights}, then {@code intercept}. */
  static byte[] linear(List<String> features, double[] weights, double intercept) {
    return model(features, weights, intercept, 13, false).toByteArray();
  }

  /** The same model importing the ai.onnx operator set at {@code opset}. */
  static byte[] linearAtOpset(List<String> features, double[] weights, int opset) {
    return model(features, weights, 0, opset, false).toByteArray();
  }

  /** The same model with its weights said to lie in an external file beside it. */
  static byte[] linearWithExternalWeights(List<String> features, double[] weights) {
    return model(features, weights, 0, 13, true).toByteArray();
  }

  private static OnnxMl.ModelProto model(
      List<String> features, double[] weights, double intercept, int opset, boolean external) {
    OnnxMl.TensorProto.Builder w =
        OnnxMl.TensorProto.newBuilder()
            .setName("w")
            .setDataType(FLOAT)
            .addDims(features.size())
            .addDims(1);
    if (external) {
      w.setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
          .addExternalData(
              OnnxMl.StringStringEntryProto.newBuilder()
                  .setKey("location")
                  .setValue("weights.bin"));
    } else {
      for (double weight : weights) {
        w.addFloatData((float) weight);
      }
    }
    OnnxMl.TensorProto b =
        OnnxMl.TensorProto.newBuilder()
            .setName("b")
            .setDataType(FLOAT)
            .addDims(1)
            .addFloatData((float) intercept)
            .build();
    OnnxMl.GraphProto.Builder graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("linear")
            .addInitializer(w)
            .addInitializer(b)
            .addNode(
                OnnxMl.NodeProto.newBuilder()
                    .setOpType("Concat")
                    .addAllInput(features)
                    .addOutput("x")
                    .addAttribute(
                        OnnxMl.AttributeProto.newBuilder()
                            .setName("axis")
                            .setType(OnnxMl.AttributeProto.AttributeType.INT)
                            .setI(1)))
            .addNode(
                OnnxMl.NodeProto.newBuilder()
                    .setOpType("MatMul")
                    .addInput("x")
                    .addInput("w")
                    .addOutput("xw"))
            .addNode(
                OnnxMl.NodeProto.newBuilder()
                    .setOpType("Add")
                    .addInput("xw")
                    .addInput("b")
                    .addOutput("score"))
            .addOutput(column("score"));
    List<OnnxMl.ValueInfoProto> inputs = new ArrayList<>();
    features.forEach(f -> inputs.add(column(f)));
    graph.addAllInput(inputs);
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(7)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setGraph(graph)
        .build();
  }

  /** A float32 tensor of shape {@code [N, 1]}. */
  private static OnnxMl.ValueInfoProto column(String name) {
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(FLOAT)
                        .setShape(
                            OnnxMl.TensorShapeProto.newBuilder()
                                .addDim(
                                    OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                                .addDim(
                                    OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                        .setDimValue(1)))))
        .build();
  }
}
