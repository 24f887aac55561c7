package org.elementvault.sandbox.compile;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.engine.result.Fingerprint;
import org.elementvault.sandbox.protection.LedgerKey;
import org.jspecify.annotations.Nullable;

/**
 * The keyed fingerprints of a release's shape (the release ledger's group keys and conditions),
 * under the {@link LedgerKey} derived from the vault's noise secret: stable across elements and
 * runs, and saying nothing of a value without the vault's master key. A group key is fingerprinted
 * per column, bound to the column's description, so a group projects onto fewer columns by keeping
 * some of its fingerprints.
 *
 * <p>Whoever derives it closes it, which wipes the key. Not thread-safe.
 */
final class LedgerFingerprints implements AutoCloseable {

  private final LedgerKey key;

  private LedgerFingerprints(LedgerKey key) {
    this.key = key;
  }

  /** The fingerprints under the ledger key derived from {@code noiseSecret}. */
  static LedgerFingerprints derive(byte[] noiseSecret) {
    KeyMaterial secret = KeyMaterial.copyOf(noiseSecret);
    try {
      return new LedgerFingerprints(LedgerKey.derive(secret));
    } finally {
      secret.destroy();
    }
  }

  /** The fingerprint of a release's conditions, each described by meaning, in sorted order. */
  Fingerprint conditions(Collection<String> conditions) {
    List<String> fields = new ArrayList<>();
    fields.add("conditions");
    fields.addAll(conditions);
    return Fingerprint.of(key.fingerprint(encode(fields)));
  }

  /** The fingerprint of each key of one group, under the description of its column. */
  List<Fingerprint> keys(List<String> columns, List<@Nullable Object> values) {
    List<Fingerprint> keys = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      Object value = values.get(i);
      keys.add(
          Fingerprint.of(
              key.fingerprint(
                  encode(
                      value == null
                          ? List.of("key", columns.get(i), "null")
                          : List.of("key", columns.get(i), "value", canonical(value))))));
    }
    return keys;
  }

  /** One text per value, whichever Java type an executor produced it as. */
  private static String canonical(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return Long.toString(((Number) value).longValue());
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }
    if (value instanceof Double d && Double.isFinite(d)) {
      return canonical(BigDecimal.valueOf(d));
    }
    return value.toString();
  }

  /** Each field as a four-byte length and its UTF-8 bytes: no two field lists encode alike. */
  private static byte[] encode(List<String> fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String field : fields) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  @Override
  public void close() {
    key.destroy();
  }
}
