package org.elementvault.sandbox.model;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.elementvault.sandbox.element.ModelAlgorithm;

/**
 * A trained linear or logistic model as it is sealed: its algorithm and its exact coefficients in
 * the data's units (one per feature, then the intercept), which is all scoring needs. Exists in
 * clear only in memory; the registry seals its bytes under the tenant's key.
 *
 * <p>Layout: {@code "evault-model-1"} (modified UTF-8 with its 2-byte length), the algorithm's spec
 * name (the same), the coefficient count (int), the coefficients (doubles).
 */
final class ModelBlob {

  static final String FORMAT = "evault-model-1";

  private final ModelAlgorithm algorithm;
  private final double[] coefficients;

  ModelBlob(ModelAlgorithm algorithm, double[] coefficients) {
    this.algorithm = algorithm;
    this.coefficients = coefficients.clone();
  }

  /** The bytes to seal. */
  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(FORMAT);
      out.writeUTF(algorithm.specName());
      out.writeInt(coefficients.length);
      for (double coefficient : coefficients) {
        out.writeDouble(coefficient);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Wipes the coefficients once they are sealed. */
  void wipe() {
    Arrays.fill(coefficients, 0);
  }

  /** Redacted: holds model weights. */
  @Override
  public String toString() {
    return "ModelBlob[" + algorithm.specName() + ", " + coefficients.length + " coefficients]";
  }
}
