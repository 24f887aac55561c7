package org.elementvault.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.oplog.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Arrow IPC imports: the file's schema must match, values are checked as CSV values are, and
 * hostile files fail with {@code USER_ERROR} naming the problem, leaking nothing.
 */
class ArrowImportTest {

  private static final Field ID = utf8("id_card");
  private static final Field DISTRICT = utf8("district");
  private static final Field INCOME =
      new Field("income", FieldType.nullable(new ArrowType.Int(64, true)), null);

  @TempDir Path temp;

  private TestingDatasetVault vaults;
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    vaults = new TestingDatasetVault(temp);
    allocator = new RootAllocator(64L << 20);
  }

  @AfterEach
  void close() {
    allocator.close();
    vaults.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {".arrow", ".arrows"})
  void import_columnsInAnotherOrder_mapsThemByName(String format) throws IOException {
    Path file =
        write(format, new Schema(List.of(INCOME, DISTRICT, ID)), new String[] {"A1", "A2"}, 2);

    DatasetVersion version = vaults.importAsAlice("residents", file);

    assertThat(version.rows()).isEqualTo(2);
    assertThat(version.batches().get(0).columns().get(2).max()).isEqualTo(1.0);
  }

  @Test
  void import_arrowSchemaLackingAColumn_isRefused() throws IOException {
    Path file = write(".arrows", new Schema(List.of(ID, DISTRICT)), new String[] {"A1"}, 1);

    assertVaultException(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: the Arrow schema lacks column income of the schema");
  }

  @Test
  void import_arrowColumnOfAnotherType_isRefused() throws IOException {
    Field income32 = new Field("income", FieldType.nullable(new ArrowType.Int(32, true)), null);
    Path file =
        write(".arrow", new Schema(List.of(ID, DISTRICT, income32)), new String[] {"A1"}, 1);

    assertVaultException(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: Arrow column income has type Int(32, true); the schema needs Int(64,"
            + " true)");
  }

  @Test
  void import_nullSubject_isRefusedNamingTheRow() throws IOException {
    Path file =
        write(".arrows", new Schema(List.of(ID, DISTRICT, INCOME)), new String[] {"A1", null}, 2);

    assertVaultException(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: row 2: column id_card: the subject column must not be empty (NULL)");
    assertThat(vaults.lastLogRecord().outcome()).isEqualTo(Outcome.REFUSED);
  }

  @Test
  void import_invalidUtf8_isRefusedNamingTheRow() throws IOException {
    Path file = write(".arrows", new Schema(List.of(ID, DISTRICT, INCOME)), new String[] {"A1"}, 1);
    byte[] bytes = Files.readAllBytes(file);
    int at = indexOf(bytes, "north0".getBytes(StandardCharsets.US_ASCII));
    bytes[at] = (byte) 0xFF;
    Files.write(file, bytes);

    assertVaultException(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: row 1: column district: not valid UTF-8");
  }

  @Test
  void import_fileWithoutMagic_isRefused() throws IOException {
    Path file = vaults.file(".arrow");
    Files.writeString(file, TestingDatasetVault.HEADER + "\nA1,north,1\n");

    assertVaultException(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: the file is not an Arrow IPC file (it must start and end with ARROW1)");
  }

  @Test
  void import_streamClaimingAHugeMessage_isRefusedBeforeAllocating() throws IOException {
    Path file = vaults.file(".arrows");
    Files.write(
        file,
        ByteBuffer.allocate(8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(-1)
            .putInt(0x7FFFFFF0)
            .array());

    assertVaultException(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: an Arrow message header is larger than 1048576 bytes");
  }

  @Test
  void import_truncatedStream_isRefused() throws IOException {
    Path file = write(".arrows", new Schema(List.of(ID, DISTRICT, INCOME)), new String[] {"A1"}, 1);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 20));

    assertVaultException(
        () -> vaults.importAsAlice("residents", file),
        ErrorCode.USER_ERROR,
        "import refused: the body of Arrow message 2 runs past the end of the file");
  }

  /**
   * Every single-byte corruption of a small stream either imports or is refused as a user error;
   * nothing else escapes, and the import allocator (closed by every import) reports no leak.
   */
  @ParameterizedTest
  @ValueSource(ints = {0x01, 0x80, 0xFF})
  void import_everyByteCorrupted_failsCleanlyOrImports(int mask) throws IOException {
    Path good =
        write(".arrows", new Schema(List.of(ID, DISTRICT, INCOME)), new String[] {"A1", "A2"}, 2);
    byte[] bytes = Files.readAllBytes(good);
    for (int i = 0; i < bytes.length; i++) {
      byte[] bad = bytes.clone();
      bad[i] ^= (byte) mask;
      Path file = vaults.file(".arrows");
      Files.write(file, bad);

      Throwable thrown = catchThrowable(() -> vaults.importAsAlice("corrupt", file));

      if (thrown != null) {
        assertThat(thrown).as("byte %d ^ %x", i, mask).isInstanceOf(VaultException.class);
        assertThat(((VaultException) thrown).code())
            .as("byte %d ^ %x: %s", i, mask, thrown.getMessage())
            .isEqualTo(ErrorCode.USER_ERROR);
        assertThat(thrown.getMessage()).startsWith("import refused: ");
      }
    }
  }

  private Path write(String format, Schema schema, String[] ids, int rows) throws IOException {
    Path file = vaults.file(format);
    TestingArrowFiles.write(
        file,
        schema,
        rows,
        rows,
        allocator,
        (root, first) -> {
          for (int i = 0; i < rows; i++) {
            VarCharVector id = (VarCharVector) root.getVector("id_card");
            if (ids[i] == null) {
              id.setNull(i);
            } else {
              id.setSafe(i, ids[i].getBytes(StandardCharsets.UTF_8));
            }
            if (root.getVector("district") != null) {
              ((VarCharVector) root.getVector("district"))
                  .setSafe(i, ("north" + i).getBytes(StandardCharsets.UTF_8));
            }
            if (root.getVector("income") instanceof BigIntVector income) {
              income.setSafe(i, i);
            } else if (root.getVector("income") instanceof IntVector income) {
              income.setSafe(i, i);
            }
          }
        });
    return file;
  }

  private static Field utf8(String name) {
    return new Field(name, FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
