package org.elementvault.sandbox.model;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.elementvault.sandbox.element.ModelAlgorithm;

/**
 * A trained model as it is sealed: its algorithm and its exact parameters in the data's units,
 * which is all scoring needs. A linear or logistic model's are its coefficients, one per feature,
 * then the intercept; a decision tree's are its nodes in pre-order, two numbers each: a split as
 * its feature's index and its edge (rows below the edge go left), a leaf as −1 and its value.
 * Exists in clear only in memory; the registry seals its bytes under the tenant's key.
 *
 * <p>Layout: {@code "evault-model-1"} (modified UTF-8 with its 2-byte length), the algorithm's spec
 * name (the same), the parameter count (int), the parameters (doubles).
 */
final class ModelBlob {

  static final String FORMAT = "evault-model-1";

  private final ModelAlgorithm algorithm;
  private final double[] parameters;

  ModelBlob(ModelAlgorithm algorithm, double[] parameters) {
    this.algorithm = algorithm;
    this.parameters = parameters.clone();
  }

  /** The bytes to seal. */
  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(FORMAT);
      out.writeUTF(algorithm.specName());
      out.writeInt(parameters.length);
      for (double parameter : parameters) {
        out.writeDouble(parameter);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Wipes the parameters once they are sealed. */
  void wipe() {
    Arrays.fill(parameters, 0);
  }

  /** Redacted: holds model weights. */
  @Override
  public String toString() {
    return "ModelBlob[" + algorithm.specName() + ", " + parameters.length + " parameters]";
  }
}
