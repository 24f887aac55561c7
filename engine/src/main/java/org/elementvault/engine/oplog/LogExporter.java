package org.elementvault.engine.oplog;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.crypto.CryptoException;
import org.elementvault.crypto.Signer;
import org.elementvault.crypto.merkle.SignedTreeHead;
import org.elementvault.engine.store.Family;

/**
 * Writes the operation log for an offline audit ({@code evault log export --out F}): every stored
 * entry, the hashes of purged ones and a signed tree head over the whole log, plus the vault's
 * public key in {@code F.pub}, which {@link ExportVerifier} needs and nothing else.
 *
 * <h2>File format</h2>
 *
 * <p>A UTF-8 JSON object whose fields come in this order (a verifier may rely on it):
 *
 * <pre>
 * {"format": "evault/log-export/v1",
 *  "vault": "&lt;vault id&gt;",
 *  "suite": "INTL" | "GM",
 *  "purgedHashes": ["&lt;hex entry hash of entry 1&gt;", …],   one per purged entry, in order
 *  "entries": [{"sequence": 5, "time": "2026-03-01T08:00:00Z", "actor": "…", "tenant": "…",
 *               "action": "tenant.apply", "target": "…", "outcome": "OK", "details": "…",
 *               "previousHash": "&lt;hex&gt;", "hash": "&lt;hex&gt;"}, …],    every stored entry, in order
 *  "treeHead": {"treeSize": 12, "rootHash": "&lt;hex&gt;", "timestampMillis": 1772352000000,
 *               "signature": "&lt;hex&gt;"}}
 * </pre>
 *
 * <p>Purged entries appear as their entry hashes (not leaf hashes), so the verifier can check that
 * the first retained entry links to the last purged one. The tree head is a {@link SignedTreeHead}
 * whose leaves are {@code leafHash(entry hash)} for entries 1 to {@code treeSize}. The public key
 * file is described on {@link ExportVerifier}. Entries hold names, actions and rules, never a raw
 * data value, so neither file does.
 *
 * <p>The export itself is not logged here: the caller appends its {@code log.export} entry first,
 * so the export covers it. Appends wait while an export is written. Thread-safe.
 */
public final class LogExporter {

  private final OperationLog log;
  private final CipherSuite suite;
  private final Signer signer;

  private LogExporter(OperationLog log, CipherSuite suite, Signer signer) {
    this.log = log;
    this.suite = suite;
    this.signer = signer;
  }

  /** An exporter of {@code log}, signing with the vault's {@code signer} of {@code suite}. */
  public static LogExporter of(OperationLog log, CipherSuite suite, Signer signer) {
    return new LogExporter(log, suite, signer);
  }

  /** The public key file written beside {@code export}: its name with {@code .pub} appended. */
  public static Path publicKeyFile(Path export) {
    return PublicKeyFile.besides(export);
  }

  /**
   * Verifies the log, then writes it to {@code out} and the public key to {@link #publicKeyFile},
   * replacing existing files.
   *
   * @return the signed tree head the export carries
   * @throws org.elementvault.engine.VaultException {@code INTEGRITY} if the log fails verification
   *     (an export would vouch for a tampered log); {@code INTERNAL} if a file cannot be written
   */
  public SignedTreeHead export(Path out) {
    SignedTreeHead head = log.exclusively(() -> write(out));
    new PublicKeyFile(suite, signer.publicKey()).write(publicKeyFile(out));
    return head;
  }

  private SignedTreeHead write(Path out) {
    VerifyReport report = LogVerifier.of(log).read().report();
    if (!report.ok()) {
      throw LogMessages.failsVerification(report, "it was not exported");
    }
    SignedTreeHead head =
        SignedTreeHead.sign(signer, report.size(), report.rootHash(), log.clock().millis());
    try (OutputStream file = Files.newOutputStream(out);
        JsonGenerator json = ExportFormat.JSON.getFactory().createGenerator(file)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeStringField("format", ExportFormat.FORMAT);
      json.writeStringField("vault", log.vaultId());
      json.writeStringField("suite", suite.name());
      json.writeArrayFieldStart("purgedHashes");
      long first = firstRetained();
      for (long sequence = 1; sequence < first; sequence++) {
        json.writeString(ExportFormat.HEX.formatHex(log.storedHash(sequence).orElseThrow()));
      }
      json.writeEndArray();
      json.writeArrayFieldStart("entries");
      writeEntries(json);
      json.writeEndArray();
      json.writeFieldName("treeHead");
      ExportFormat.writeTreeHead(json, head);
      json.writeEndObject();
    } catch (IOException e) {
      throw LogMessages.cannotWrite("log export", out, e);
    } catch (UncheckedIOException e) {
      throw LogMessages.cannotWrite("log export", out, e.getCause());
    }
    return head;
  }

  private long firstRetained() {
    try {
      return log.firstRetained();
    } catch (CryptoException e) {
      throw new IllegalStateException("the purge point opened during verification", e);
    }
  }

  private void writeEntries(JsonGenerator json) {
    log.store()
        .scan(
            Family.OPLOG,
            new byte[] {OperationLog.ENTRY},
            (key, value) -> {
              try {
                ExportFormat.writeEntry(
                    json, log.open(ByteBuffer.wrap(key, 1, Long.BYTES).getLong(), value));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return true;
            });
  }
}
