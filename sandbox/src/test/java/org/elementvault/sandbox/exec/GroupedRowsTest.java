package org.elementvault.sandbox.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.elementvault.engine.dataset.ColumnType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupedRowsTest {

  /**
   * Group ids number the key tuples in order of first appearance, NULLs included, whether a batch
   * has few tuples of codes (a dense table of them answers) or many (the group table does).
   */
  @ParameterizedTest
  @CsvSource({"1, 1, 30", "2, 1, 30", "3, 2, 10", "4, 2, 300", "5, 3, 40", "6, 1, 70000"})
  void groupIdsNumberTuplesInOrderOfFirstAppearance(long seed, int keys, int distinct) {
    SplittableRandom random = new SplittableRandom(seed);
    int rows = 5_000;
    try (BufferAllocator allocator = new RootAllocator()) {
      List<FieldVector> vectors = new ArrayList<>();
      List<List<String>> tuples = new ArrayList<>();
      for (int row = 0; row < rows; row++) {
        tuples.add(new ArrayList<>());
      }
      for (int k = 0; k < keys; k++) {
        VarCharVector vector = new VarCharVector("k" + k, allocator);
        for (int row = 0; row < rows; row++) {
          int value = random.nextInt(distinct + 1);
          if (value == distinct) {
            vector.setNull(row);
            tuples.get(row).add(null);
          } else {
            vector.setSafe(row, ("v" + value).getBytes(StandardCharsets.UTF_8));
            tuples.get(row).add("v" + value);
          }
        }
        vector.setValueCount(rows);
        vectors.add(vector);
      }
      List<Integer> slots = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        slots.add(k);
      }
      GroupedRows grouped =
          new GroupedRows(
              List.of(),
              slots,
              slots.stream().map(k -> ColumnType.STRING).toList(),
              GroupedRows.Codes.FRESH);
      try (VectorSchemaRoot batch = new VectorSchemaRoot(vectors)) {
        int count = grouped.select(batch, rows);
        for (int pass = 0; pass < 2; pass++) { // the second pass finds every group known
          grouped.group(batch, count, pass);

          Map<List<String>, Integer> expected = new HashMap<>();
          int[] want = new int[rows];
          for (int row = 0; row < rows; row++) {
            want[row] = expected.computeIfAbsent(tuples.get(row), t -> expected.size());
          }
          assertThat(Arrays.copyOf(grouped.groupIds(), rows)).isEqualTo(want);
          assertThat(grouped.groupCount()).isEqualTo(expected.size());
        }
      }
    }
  }
}
