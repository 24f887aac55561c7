package org.elementvault.sandbox.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteDictionaryTest {

  /**
   * Random keys of 0 to 40 bytes, many of them equal, prefixes of one another or differing only by
   * trailing zero bytes, around the lengths where keys stop being read as words.
   */
  private static List<byte[]> keys(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> distinct = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] key = new byte[random.nextInt(41)];
      for (int b = 0; b < key.length; b++) {
        key[b] = (byte) (random.nextInt(4) == 0 ? 0 : random.nextInt(256));
      }
      distinct.add(key);
      distinct.add(java.util.Arrays.copyOf(key, key.length + 1)); // one more zero byte
    }
    distinct.add("惠济区".getBytes(StandardCharsets.UTF_8));
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      keys.add(distinct.get(random.nextInt(distinct.size())));
    }
    return keys;
  }

  /** The keys as the rows of a string column. */
  private static VarCharVector column(List<byte[]> keys, BufferAllocator allocator) {
    VarCharVector vector = new VarCharVector("key", allocator);
    for (int row = 0; row < keys.size(); row++) {
      vector.setSafe(row, keys.get(row));
    }
    vector.setValueCount(keys.size());
    return vector;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 20261205})
  void idsAreEqualExactlyForEqualBytes(long seed) {
    ByteDictionary dictionary = new ByteDictionary();
    Map<String, Integer> expected = new HashMap<>();
    List<byte[]> keys = keys(seed);
    try (BufferAllocator allocator = new RootAllocator();
        VarCharVector vector = column(keys, allocator)) {
      Column column = Column.of(vector);
      for (int row = 0; row < keys.size(); row++) {
        byte[] key = keys.get(row);
        int id = dictionary.idOf(column, row);
        String bytes = java.util.HexFormat.of().formatHex(key);

        assertThat(id).isEqualTo(expected.computeIfAbsent(bytes, b -> expected.size()));
        assertThat(dictionary.string(id)).isEqualTo(new String(key, StandardCharsets.UTF_8));
      }
    }
    assertThat(dictionary.size()).isEqualTo(expected.size());
  }

  /** Merging workers' dictionaries finds each key's id by its bytes, short or long. */
  @ParameterizedTest
  @ValueSource(longs = {4, 5})
  void idsFromAnotherDictionaryAreThoseOfTheSameBytes(long seed) {
    ByteDictionary first = new ByteDictionary();
    ByteDictionary second = new ByteDictionary();
    List<byte[]> keys = keys(seed);
    try (BufferAllocator allocator = new RootAllocator();
        VarCharVector vector = column(keys, allocator)) {
      Column column = Column.of(vector);
      for (int row = 0; row < 2_500; row++) {
        first.idOf(column, row);
      }
      for (int row = 0; row < keys.size(); row++) {
        int id = second.idOf(column, row);

        assertThat(second.idOf(first, first.idOf(column, row))).isEqualTo(id);
      }
    }
  }
}
