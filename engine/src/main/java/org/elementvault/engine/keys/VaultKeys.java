package org.elementvault.engine.keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.KeyHierarchy;
import org.elementvault.crypto.KeyMaterial;
import org.elementvault.crypto.Primitives;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.Verifier;
import org.elementvault.crypto.kdf.Argon2Params;
import org.elementvault.crypto.kdf.Argon2idKdf;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.VaultOptions;
import org.jspecify.annotations.Nullable;

/**
 * The unlocked keys of an open vault: the master key and the vault's signing key. Created by {@link
 * #create} at {@code init} or {@link #unlock} at open; {@link #close()} wipes them. Not thread-safe
 * against concurrent closing.
 *
 * <p>The signing key pair is derived on first use, not at unlock: most commands sign and verify
 * nothing, and deriving an Ed25519 key loads Bouncy Castle, whose signed jar a fresh JVM spends
 * about a third of a second verifying. The private key is checked against the key store's public
 * key before it signs anything.
 */
public final class VaultKeys implements AutoCloseable {

  /** One message for every way unlocking can fail, so a failure reveals nothing about which. */
  public static final String WRONG_SECRET = "wrong passphrase or key file";

  private static final byte[] KEY_FILE_LABEL =
      "evault/key-file-kek/v1".getBytes(StandardCharsets.US_ASCII);

  private final KeyStoreFile file;
  private final Primitives primitives;
  private final KeyMaterial master;
  private final KeyMaterial signing;
  private @Nullable Signer signer;
  private @Nullable Verifier verifier;

  private VaultKeys(
      KeyStoreFile file, Primitives primitives, KeyMaterial master, KeyMaterial signing) {
    this.file = file;
    this.primitives = primitives;
    this.master = master;
    this.signing = signing;
  }

  /** New random keys for a new vault, wrapped into a new key-store file. */
  public static VaultKeys create(Primitives primitives, Unlock unlock, VaultOptions options) {
    String vaultId = randomUuid(options.random()).toString();
    byte[] salt = new byte[Argon2idKdf.SALT_LENGTH];
    options.random().nextBytes(salt);
    UnlockMethod method = unlock.method();
    Argon2Params kdf = method == UnlockMethod.PASSPHRASE ? options.kdfCost() : null;

    KeyMaterial master = primitives.newKey();
    KeyMaterial signing = primitives.newSigningKey();
    byte[] publicKey = primitives.signer(signing).publicKey();
    Instant createdAt = options.clock().instant();
    String masterPlace =
        KeyStoreFile.masterKeyPlace(
            vaultId, primitives.suite(), createdAt, method, kdf, salt, publicKey);
    KeyMaterial kek = keyEncryptionKey(primitives, method, kdf, salt, unlock, options.kdfCost());
    try {
      KeyStoreFile file =
          new KeyStoreFile(
              vaultId,
              primitives.suite(),
              createdAt,
              method,
              kdf,
              salt,
              KeyHierarchy.of(primitives, kek).wrap(master, masterPlace),
              KeyHierarchy.of(primitives, master)
                  .wrap(signing, KeyStoreFile.signingKeyPlace(vaultId)),
              publicKey);
      return new VaultKeys(file, primitives, master, signing);
    } finally {
      kek.destroy();
    }
  }

  /** A version 4 (random) UUID drawn from the vault's one source of randomness. */
  private static UUID randomUuid(SecureRandom random) {
    long high = (random.nextLong() & ~0xf000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xcL << 60)) | (0x8L << 60);
    return new UUID(high, low);
  }

  /**
   * Unlocks the keys of {@code file}. Whatever was wrong (passphrase, key file, or the kind of
   * secret), the failure is the same {@link #WRONG_SECRET} after the same work: the work is chosen
   * by the key store's method, not by what the caller supplied.
   *
   * @throws VaultException {@code ACCESS_DENIED} if the secret is wrong, {@code INTEGRITY} if the
   *     key store's KDF cost is below {@code floor} or its signing key fails to unwrap
   */
  public static VaultKeys unlock(
      KeyStoreFile file, Primitives primitives, Unlock unlock, Argon2Params floor) {
    if (file.kdf() != null && !file.kdf().isAtLeast(floor)) {
      throw new VaultException(
          ErrorCode.INTEGRITY,
          "the key store's Argon2id cost is below the enforced minimum " + floor);
    }
    KeyMaterial kek =
        keyEncryptionKey(primitives, file.method(), file.kdf(), file.salt(), unlock, floor);
    KeyMaterial master;
    try {
      master = KeyHierarchy.of(primitives, kek).unwrap(file.masterKey(), file.masterKeyPlace());
      if (unlock.method() != file.method()) {
        // The substitute secret happened to fit (it could be someone's real key): still refuse.
        master.destroy();
        throw new CryptoException("secret of the wrong kind");
      }
    } catch (CryptoException e) {
      throw new VaultException(ErrorCode.ACCESS_DENIED, WRONG_SECRET, null);
    } finally {
      kek.destroy();
    }
    try {
      KeyMaterial signing =
          KeyHierarchy.of(primitives, master).unwrap(file.signingKey(), file.signingKeyPlace());
      return new VaultKeys(file, primitives, master, signing);
    } catch (CryptoException | IllegalArgumentException e) {
      master.destroy();
      throw signingKeyDamaged(e);
    }
  }

  /**
   * The key that wraps the master key. A secret of the wrong kind still costs the same work and
   * yields a key that fails to unwrap.
   */
  private static KeyMaterial keyEncryptionKey(
      Primitives primitives,
      UnlockMethod method,
      @Nullable Argon2Params kdf,
      byte[] salt,
      Unlock unlock,
      Argon2Params floor) {
    return switch (method) {
      case PASSPHRASE ->
          Argon2idKdf.derive(
              unlock instanceof Unlock.Passphrase p ? p.chars() : new char[KeyMaterial.LENGTH],
              salt,
              Objects.requireNonNull(kdf, "kdf"),
              floor);
      case KEY_FILE -> {
        byte[] secret =
            unlock instanceof Unlock.KeyFile k ? k.bytes() : new byte[KeyMaterial.LENGTH];
        byte[] derived = primitives.hasher().hash(KEY_FILE_LABEL, salt, secret);
        try {
          yield KeyMaterial.copyOf(derived);
        } finally {
          Arrays.fill(derived, (byte) 0);
        }
      }
    };
  }

  /**
   * Prepares the rotation of the master secret to {@code next} (a passphrase or a key file; the
   * method may change) with a fresh salt: writes the key store with the master key rewrapped for
   * {@code next} beside the current one, and returns the rotation to commit or discard. Until it is
   * committed, only the old secret opens the vault; after it, only the new one. The master key
   * itself stays, so nothing wrapped or sealed under it (tenant keys, backup shields, records, the
   * log, sealed secrets) needs rewriting.
   */
  public SecretRotation prepareSecretRotation(
      Path directory, Primitives primitives, Unlock next, VaultOptions options) {
    byte[] salt = new byte[Argon2idKdf.SALT_LENGTH];
    options.random().nextBytes(salt);
    UnlockMethod method = next.method();
    Argon2Params kdf = method == UnlockMethod.PASSPHRASE ? options.kdfCost() : null;
    String masterPlace =
        KeyStoreFile.masterKeyPlace(
            file.vaultId(),
            file.suite(),
            file.createdAt(),
            method,
            kdf,
            salt,
            file.signingPublicKey());
    KeyMaterial kek = keyEncryptionKey(primitives, method, kdf, salt, next, options.kdfCost());
    try {
      new KeyStoreFile(
              file.vaultId(),
              file.suite(),
              file.createdAt(),
              method,
              kdf,
              salt,
              KeyHierarchy.of(primitives, kek).wrap(master, masterPlace),
              file.signingKey(),
              file.signingPublicKey())
          .prepare(directory);
    } finally {
      kek.destroy();
    }
    return new SecretRotation() {
      @Override
      public void commit() {
        KeyStoreFile.commit(directory);
      }

      @Override
      public void discard() {
        KeyStoreFile.discardPrepared(directory);
      }
    };
  }

  /** The key-store file these keys belong to. */
  public KeyStoreFile file() {
    return file;
  }

  /** The master key; owned by this object, valid until {@link #close()}. */
  public KeyMaterial master() {
    return master;
  }

  /** The vault's private signing key; owned by this object, valid until {@link #close()}. */
  public KeyMaterial signing() {
    return signing;
  }

  /**
   * Signs with the vault's signing key, derived on first use.
   *
   * @throws VaultException {@code INTEGRITY} if the signing key does not match the key store's
   *     public key
   */
  public synchronized Signer signer() {
    if (signer == null) {
      try {
        Signer derived = primitives.signer(signing);
        if (!MessageDigest.isEqual(derived.publicKey(), file.signingPublicKey())) {
          throw new CryptoException("signing key does not match its public key");
        }
        signer = derived;
      } catch (CryptoException | IllegalArgumentException e) {
        throw signingKeyDamaged(e);
      }
    }
    return signer;
  }

  /**
   * Verifies signatures by the vault's public key.
   *
   * @throws VaultException {@code INTEGRITY} if the key store's public key is malformed
   */
  public synchronized Verifier verifier() {
    if (verifier == null) {
      try {
        verifier = primitives.verifier(file.signingPublicKey());
      } catch (CryptoException e) {
        throw new VaultException(ErrorCode.INTEGRITY, "the vault's public key is malformed", e);
      }
    }
    return verifier;
  }

  private static VaultException signingKeyDamaged(Exception cause) {
    return new VaultException(
        ErrorCode.INTEGRITY, "the key store's signing key fails its integrity check", cause);
  }

  @Override
  public void close() {
    master.destroy();
    signing.destroy();
  }

  @Override
  public String toString() {
    return "VaultKeys[redacted]";
  }
}
