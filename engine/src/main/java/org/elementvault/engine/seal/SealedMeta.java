package org.elementvault.engine.seal;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.elementvault.crypto.Aead;
import org.elementvault.crypto.CryptoException;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.store.Batch;
import org.elementvault.engine.store.Family;
import org.elementvault.engine.store.VaultStore;

/**
 * Metadata records (tenants, principals, …) stored as sealed JSON in the {@code meta} family under
 * {@code kind ‖ '/' ‖ id (big-endian)}. Keys hold only the kind and a number; names live inside the
 * sealed value. Thread-safe.
 */
public final class SealedMeta {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          // Records are stored by their components only, never by derived isX() methods.
          .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);

  private final VaultStore store;
  private final Aead sealer;
  private final String vaultId;

  public SealedMeta(VaultStore store, Aead sealer, String vaultId) {
    this.store = store;
    this.sealer = sealer;
    this.vaultId = vaultId;
  }

  /** Adds to {@code batch} the sealed record {@code value} of {@code kind} under {@code id}. */
  public void put(Batch batch, String kind, long id, Object value) {
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("metadata record " + kind + " does not serialize", e);
    }
    batch.put(Family.META, key(kind, id), sealer.seal(json, place(kind, id)));
  }

  /** Adds to {@code batch} the deletion of the record of {@code kind} under {@code id}. */
  public void delete(Batch batch, String kind, long id) {
    batch.delete(Family.META, key(kind, id));
  }

  /**
   * Every record of {@code kind}, in id order.
   *
   * @throws VaultException {@code INTEGRITY} if a record fails authentication or does not parse
   */
  public <T> List<T> loadAll(String kind, Class<T> type) {
    byte[] prefix = (kind + "/").getBytes(StandardCharsets.US_ASCII);
    List<T> records = new ArrayList<>();
    store.scan(
        Family.META,
        prefix,
        (key, value) -> {
          long id = ByteBuffer.wrap(key, prefix.length, Long.BYTES).getLong();
          records.add(open(kind, id, value, type));
          return true;
        });
    return records;
  }

  /**
   * The record of {@code kind} under {@code id}, if there is one.
   *
   * @throws VaultException {@code INTEGRITY} if it fails authentication or does not parse
   */
  public <T> Optional<T> load(String kind, long id, Class<T> type) {
    return store.get(Family.META, key(kind, id)).map(value -> open(kind, id, value, type));
  }

  private <T> T open(String kind, long id, byte[] value, Class<T> type) {
    try {
      return JSON.readValue(sealer.open(value, place(kind, id)), type);
    } catch (CryptoException | IOException e) {
      throw new VaultException(
          ErrorCode.INTEGRITY,
          "metadata record " + kind + " " + id + " fails its integrity check",
          e);
    }
  }

  private static byte[] key(String kind, long id) {
    byte[] prefix = (kind + "/").getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(id).array();
  }

  private byte[] place(String kind, long id) {
    return ("vault/" + vaultId + "/meta/" + kind + "/" + id).getBytes(StandardCharsets.UTF_8);
  }
}
