package org.elementvault.sandbox.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 20261205})
  void idsAreEqualExactlyForEqualBytes(long seed) {
    ByteDictionary dictionary = new ByteDictionary();
    Map<String, Integer> expected = new HashMap<>();
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBuf data = allocator.buffer(64)) {
      for (byte[] key : keys(seed)) {
        data.setBytes(3, key);
        int id = dictionary.idOf(data, 3, key.length);
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
    try (BufferAllocator allocator = new RootAllocator();
        ArrowBuf data = allocator.buffer(64)) {
      List<byte[]> keys = keys(seed);
      for (byte[] key : keys.subList(0, 2_500)) {
        data.setBytes(0, key);
        first.idOf(data, 0, key.length);
      }
      for (byte[] key : keys) {
        data.setBytes(0, key);
        int id = second.idOf(data, 0, key.length);

        assertThat(second.idOf(first, first.idOf(data, 0, key.length))).isEqualTo(id);
      }
    }
  }
}
