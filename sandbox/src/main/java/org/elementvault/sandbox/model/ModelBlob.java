package org.elementvault.sandbox.model;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A trained model as it is sealed: the Tribuo model (its protobuf form) and the standardization it
 * was trained under (each feature's mean and standard deviation, and the target's for a
 * regression), which scoring needs. Exists in clear only in memory; the registry seals its bytes
 * under the tenant's key.
 *
 * <p>Layout: {@code "evault-model-1"} (UTF), feature count (int), per feature its mean and standard
 * deviation (doubles), the target's mean and standard deviation (doubles; 0 and 1 for a
 * classification), the protobuf's length (int) and bytes.
 */
final class ModelBlob {

  private static final String FORMAT = "evault-model-1";

  private final double[] means;
  private final double[] deviations;
  private final double targetMean;
  private final double targetDeviation;
  private final byte[] tribuoModel;

  ModelBlob(
      double[] means,
      double[] deviations,
      double targetMean,
      double targetDeviation,
      byte[] tribuoModel) {
    this.means = means.clone();
    this.deviations = deviations.clone();
    this.targetMean = targetMean;
    this.targetDeviation = targetDeviation;
    this.tribuoModel = tribuoModel.clone();
  }

  /** The bytes to seal. */
  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(FORMAT);
      out.writeInt(means.length);
      for (int i = 0; i < means.length; i++) {
        out.writeDouble(means[i]);
        out.writeDouble(deviations[i]);
      }
      out.writeDouble(targetMean);
      out.writeDouble(targetDeviation);
      out.writeInt(tribuoModel.length);
      out.write(tribuoModel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The Tribuo model's protobuf bytes. */
  byte[] tribuoModel() {
    return tribuoModel.clone();
  }

  /** Redacted: holds model weights. */
  @Override
  public String toString() {
    return "ModelBlob[" + means.length + " features, " + tribuoModel.length + " bytes]";
  }

  /** Wipes the model's bytes once they are sealed. */
  void wipe() {
    Arrays.fill(tribuoModel, (byte) 0);
  }
}
