package org.elementvault.sandbox.model;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the registry reads of an ONNX file before ONNX Runtime sees it: the operator sets it imports
 * and whether any tensor keeps its data outside the file. Reads the protobuf wire format directly,
 * only the fields it needs, skipping the rest.
 *
 * <h2>Hostile input</h2>
 *
 * The bytes come from a tenant admin and are trusted in nothing: every length is checked by the
 * protobuf reader against the bytes left, nesting is bounded ({@value #MAX_DEPTH} graphs deep), and
 * any malformation is one {@link IOException}. A tensor with external data would make ONNX Runtime
 * open a file by a path the model names, so such a model is refused here, in every graph and
 * subgraph.
 */
final class OnnxFile {

  /** The deepest nesting of subgraphs ({@code If}, {@code Loop}, {@code Scan}) read. */
  static final int MAX_DEPTH = 8;

  /** The operator-set domains a registered model may import: ONNX's own and ONNX-ML. */
  static final Set<String> DOMAINS = Set.of("", "ai.onnx", "ai.onnx.ml");

  // Field numbers of onnx.proto3 (ModelProto, OperatorSetIdProto, GraphProto, NodeProto,
  // AttributeProto, TensorProto, SparseTensorProto).
  private static final int MODEL_GRAPH = 7;
  private static final int MODEL_OPSET_IMPORT = 8;
  private static final int OPSET_DOMAIN = 1;
  private static final int OPSET_VERSION = 2;
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_SPARSE_INITIALIZER = 15;
  private static final int NODE_ATTRIBUTE = 5;
  private static final int ATTRIBUTE_TENSOR = 5;
  private static final int ATTRIBUTE_GRAPH = 6;
  private static final int ATTRIBUTE_TENSORS = 10;
  private static final int ATTRIBUTE_GRAPHS = 11;
  private static final int ATTRIBUTE_SPARSE_TENSOR = 22;
  private static final int ATTRIBUTE_SPARSE_TENSORS = 23;
  private static final int TENSOR_EXTERNAL_DATA = 13;
  private static final int TENSOR_DATA_LOCATION = 14;
  private static final int SPARSE_VALUES = 1;
  private static final int SPARSE_INDICES = 2;

  /** One imported operator set. */
  record OperatorSet(String domain, long version) {}

  private final List<OperatorSet> operatorSets;
  private final boolean externalData;

  private OnnxFile(List<OperatorSet> operatorSets, boolean externalData) {
    this.operatorSets = List.copyOf(operatorSets);
    this.externalData = externalData;
  }

  /**
   * Reads {@code bytes} as an ONNX {@code ModelProto}.
   *
   * @throws IOException if they are not well-formed protobuf or nest too deep
   */
  static OnnxFile read(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    List<OperatorSet> sets = new ArrayList<>();
    boolean external = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == MODEL_OPSET_IMPORT && isMessage(tag)) {
        sets.add(operatorSet(in.readBytes().newCodedInput()));
      } else if (field == MODEL_GRAPH && isMessage(tag)) {
        external |= graphHasExternalData(in.readBytes().newCodedInput(), 0);
      } else {
        in.skipField(tag);
      }
    }
    return new OnnxFile(sets, external);
  }

  /** The operator sets the model imports. */
  List<OperatorSet> operatorSets() {
    return operatorSets;
  }

  /** Whether any tensor of any graph keeps its data outside the file. */
  boolean hasExternalData() {
    return externalData;
  }

  private static OperatorSet operatorSet(CodedInputStream in) throws IOException {
    String domain = "";
    long version = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == OPSET_DOMAIN && isMessage(tag)) {
        domain = in.readStringRequireUtf8();
      } else if (field == OPSET_VERSION && isVarint(tag)) {
        version = in.readInt64();
      } else {
        in.skipField(tag);
      }
    }
    return new OperatorSet(domain, version);
  }

  private static boolean graphHasExternalData(CodedInputStream in, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("subgraphs nest deeper than " + MAX_DEPTH);
    }
    boolean external = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == GRAPH_INITIALIZER && isMessage(tag)) {
        external |= tensorHasExternalData(in.readBytes().newCodedInput());
      } else if (field == GRAPH_SPARSE_INITIALIZER && isMessage(tag)) {
        external |= sparseHasExternalData(in.readBytes().newCodedInput());
      } else if (field == GRAPH_NODE && isMessage(tag)) {
        external |= nodeHasExternalData(in.readBytes().newCodedInput(), depth);
      } else {
        in.skipField(tag);
      }
    }
    return external;
  }

  private static boolean nodeHasExternalData(CodedInputStream in, int depth) throws IOException {
    boolean external = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == NODE_ATTRIBUTE && isMessage(tag)) {
        external |= attributeHasExternalData(in.readBytes().newCodedInput(), depth);
      } else {
        in.skipField(tag);
      }
    }
    return external;
  }

  private static boolean attributeHasExternalData(CodedInputStream in, int depth)
      throws IOException {
    boolean external = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (!isMessage(tag)) {
        in.skipField(tag);
      } else if (field == ATTRIBUTE_TENSOR || field == ATTRIBUTE_TENSORS) {
        external |= tensorHasExternalData(in.readBytes().newCodedInput());
      } else if (field == ATTRIBUTE_SPARSE_TENSOR || field == ATTRIBUTE_SPARSE_TENSORS) {
        external |= sparseHasExternalData(in.readBytes().newCodedInput());
      } else if (field == ATTRIBUTE_GRAPH || field == ATTRIBUTE_GRAPHS) {
        external |= graphHasExternalData(in.readBytes().newCodedInput(), depth + 1);
      } else {
        in.skipField(tag);
      }
    }
    return external;
  }

  private static boolean sparseHasExternalData(CodedInputStream in) throws IOException {
    boolean external = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if ((field == SPARSE_VALUES || field == SPARSE_INDICES) && isMessage(tag)) {
        external |= tensorHasExternalData(in.readBytes().newCodedInput());
      } else {
        in.skipField(tag);
      }
    }
    return external;
  }

  private static boolean tensorHasExternalData(CodedInputStream in) throws IOException {
    boolean external = false;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == TENSOR_EXTERNAL_DATA) {
        external = true;
        in.skipField(tag);
      } else if (field == TENSOR_DATA_LOCATION && isVarint(tag)) {
        external |= in.readEnum() != 0;
      } else {
        in.skipField(tag);
      }
    }
    return external;
  }

  private static boolean isMessage(int tag) {
    return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  private static boolean isVarint(int tag) {
    return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT;
  }
}
