package org.elementvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.elementvault.sandbox.sample.SyntheticResidents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Result files take their format from their extension, the same extensions {@code dataset import}
 * reads: {@code .arrow} is the Arrow IPC file format, {@code .arrows} the stream.
 */
class ResultFilesTest {

  private static final String SPEC =
      """
      name: by-district
      type: DATASET
      scenario: statistics
      purpose: testing
      datasets: [residents]
      query: SELECT district, COUNT(*) AS people FROM residents GROUP BY district
      """;

  /** The result's own columns, imported back as a dataset of one row per district. */
  private static final String RESULT_SCHEMA =
      """
      subject: district
      open_category: CONDITIONAL
      columns:
        - {name: district, type: STRING, level: GENERAL}
        - {name: people, type: BIGINT, level: GENERAL}
      """;

  /** Districts in the synthetic residents, each far above the threshold with 2,000 rows. */
  private static final int DISTRICTS = 16;

  @TempDir Path temp;

  private final BufferAllocator allocator = new RootAllocator();
  private TestingCli cli;
  private Path devToken;
  private String element;

  @BeforeEach
  void approvedElementOverResidents() throws IOException {
    cli = TestingCli.in(temp);
    ok("init", "--suite", "INTL");
    ok("tenant", "apply", "--name", "acme", "--contact", "ops");
    ok("tenant", "review", "acme", "--approve", "--reason", "ok");
    Path csv = temp.resolve("residents.csv");
    Path schema = temp.resolve("residents.yaml");
    var unused = SyntheticResidents.write(csv, 2_000, SyntheticResidents.DEFAULT_SEED);
    SyntheticResidents.writeSchema(schema);
    ok(
        "dataset",
        "import",
        "--tenant",
        "acme",
        "--name",
        "residents",
        "--file",
        csv.toString(),
        "--schema",
        schema.toString());
    Path spec = temp.resolve("spec.yaml");
    Files.writeString(spec, SPEC, StandardCharsets.UTF_8);
    devToken = temp.resolve("dev.token");
    ok(
        "user",
        "add",
        "--tenant",
        "acme",
        "--name",
        "dev",
        "--role",
        "developer",
        "--token-out",
        devToken.toString());
    List<String> submitted =
        ok("element", "submit", "--spec", spec.toString()).out().lines().toList();
    element = submitted.get(submitted.size() - 1);
    ok("element", "review", element, "--approve", "--reason", "fine");
  }

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @Test
  void run_outArrow_writesAnArrowIpcFileThatArrowFileReaderReads() throws IOException {
    Path out = temp.resolve("r.arrow");

    ok("element", "run", element, "--out", out.toString());

    try (FileChannel channel = FileChannel.open(out, StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      assertThat(root.getSchema().getFields())
          .extracting(field -> field.getName())
          .containsExactly("district", "people");
      assertThat(root.getSchema().getCustomMetadata()).isNotEmpty();
      assertThat(reader.getRecordBlocks()).hasSize(1);
      assertThat(reader.loadNextBatch()).isTrue();
      assertThat(root.getRowCount()).isEqualTo(DISTRICTS);
    }
  }

  @Test
  void run_outArrows_writesAnArrowIpcStream() throws IOException {
    Path out = temp.resolve("r.arrows");

    ok("element", "run", element, "--out", out.toString());

    try (ArrowStreamReader reader = new ArrowStreamReader(Files.newInputStream(out), allocator)) {
      assertThat(reader.loadNextBatch()).isTrue();
      assertThat(reader.getVectorSchemaRoot().getRowCount()).isEqualTo(DISTRICTS);
      assertThat(reader.loadNextBatch()).isFalse();
    }
  }

  @Test
  void import_arrowFileWrittenByRun_isReadAsTheFileFormat() throws IOException {
    Path out = temp.resolve("r.arrow");
    ok("element", "run", element, "--out", out.toString());

    TestingCli.Result imported = importResult(out);

    assertThat(imported.status()).as(imported.err()).isZero();
    assertThat(ok("dataset", "describe", "counts", "--tenant", "acme").out())
        .contains(Integer.toString(DISTRICTS));
  }

  @Test
  void import_arrowStreamWrittenByRun_isReadAsTheStreamFormat() throws IOException {
    Path out = temp.resolve("r.arrows");
    ok("element", "run", element, "--out", out.toString());

    TestingCli.Result imported = importResult(out);

    assertThat(imported.status()).as(imported.err()).isZero();
  }

  @Test
  void run_outWithUnknownExtension_isBadUsageAndRunsNothing() {
    Path out = temp.resolve("r.parquet");

    TestingCli.Result run = asDev("element", "run", element, "--out", out.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "evault: --out must end in .csv (CSV), .json (the API's JSON document), .arrow (Arrow"
                + " IPC file), .arrows (Arrow IPC stream); Parquet is not supported");
    assertThat(out).doesNotExist();
    assertThat(ok("log", "show", "--action", "result.release").out()).doesNotContain(element);
  }

  @Test
  void run_outFileExists_isRefusedBeforeTheRunAndLeavesTheFile() throws IOException {
    Path out = temp.resolve("r.csv");
    Files.writeString(out, "mine", StandardCharsets.UTF_8);

    TestingCli.Result run = asDev("element", "run", element, "--out", out.toString());

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("result file " + out + " already exists; nothing was run");
    assertThat(out).hasContent("mine");
    assertThat(ok("log", "show", "--action", "result.release").out()).doesNotContain(element);
  }

  @Test
  void run_refused_leavesNoResultFile() {
    Path out = temp.resolve("r.csv");

    TestingCli.Result run = asDev("element", "run", "e999", "--out", out.toString());

    assertThat(run.status()).isNotZero();
    assertThat(out).doesNotExist();
  }

  @Test
  void run_outputArrow_isRefusedPointingToOut() {
    TestingCli.Result run = asDev("element", "run", element, "--output", "arrow");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "Arrow is written to a file only: use --out F.arrow (Arrow IPC file) or --out F.arrows"
                + " (Arrow IPC stream)");
  }

  private TestingCli.Result importResult(Path file) throws IOException {
    Path schema = temp.resolve("counts.yaml");
    Files.writeString(schema, RESULT_SCHEMA, StandardCharsets.UTF_8);
    return cli.evault(
        "dataset",
        "import",
        "--tenant",
        "acme",
        "--name",
        "counts",
        "--file",
        file.toString(),
        "--schema",
        schema.toString());
  }

  private TestingCli.Result asDev(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--token-file";
    all[1] = devToken.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return cli.evault(all);
  }

  /** Runs as the developer the element commands a developer gives, the rest as the vault admin. */
  private TestingCli.Result ok(String... args) {
    boolean developers = args[0].equals("element") && !args[1].equals("review");
    TestingCli.Result result = developers ? asDev(args) : cli.evault(args);
    assertThat(result.status()).as(result.err()).isZero();
    return result;
  }
}
