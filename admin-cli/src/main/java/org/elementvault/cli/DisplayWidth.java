package org.elementvault.cli;

/**
 * How many terminal columns text takes: East Asian Wide and Fullwidth characters (Unicode UAX #11)
 * take two, combining marks and format characters none, everything else one. No library on the
 * classpath offers this (picocli keeps its width table private), so the principal Wide and
 * Fullwidth ranges of UAX #11 are listed here.
 */
final class DisplayWidth {

  /** Inclusive code point ranges, ascending, whose East Asian Width is Wide or Fullwidth. */
  private static final int[][] WIDE = {
    {0x1100, 0x115F}, // Hangul Jamo initial consonants
    {0x231A, 0x231B},
    {0x2329, 0x232A},
    {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},
    {0x23F3, 0x23F3},
    {0x25FD, 0x25FE},
    {0x2614, 0x2615},
    {0x2E80, 0x303E}, // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
    {
      0x3041, 0x33FF
    }, // kana, Bopomofo, Hangul compatibility Jamo, Kanbun, enclosed and compatibility
    {0x3400, 0x4DBF}, // CJK unified ideographs extension A
    {0x4E00, 0x9FFF}, // CJK unified ideographs
    {0xA000, 0xA4CF}, // Yi
    {0xA960, 0xA97F}, // Hangul Jamo extended A
    {0xAC00, 0xD7A3}, // Hangul syllables
    {0xF900, 0xFAFF}, // CJK compatibility ideographs
    {0xFE10, 0xFE19}, // vertical forms
    {0xFE30, 0xFE6F}, // CJK compatibility forms, small form variants
    {0xFF00, 0xFF60}, // fullwidth ASCII variants
    {0xFFE0, 0xFFE6}, // fullwidth signs
    {0x16FE0, 0x18CFF}, // Tangut, Khitan
    {0x1B000, 0x1B2FF}, // kana supplement and extensions, Nushu
    {0x1F300, 0x1F64F}, // pictographs and emoticons
    {0x1F680, 0x1F6FF}, // transport and map symbols
    {0x1F900, 0x1F9FF}, // supplemental symbols and pictographs
    {0x20000, 0x3FFFD} // CJK unified ideographs extensions B and beyond
  };

  private DisplayWidth() {}

  /** The columns {@code text} takes on a terminal. */
  static int of(String text) {
    return text.codePoints().map(DisplayWidth::ofCodePoint).sum();
  }

  static int ofCodePoint(int codePoint) {
    int type = Character.getType(codePoint);
    if (type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT) {
      return 0;
    }
    return isWide(codePoint) ? 2 : 1;
  }

  private static boolean isWide(int codePoint) {
    int low = 0;
    int high = WIDE.length - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      if (codePoint < WIDE[middle][0]) {
        high = middle - 1;
      } else if (codePoint > WIDE[middle][1]) {
        low = middle + 1;
      } else {
        return true;
      }
    }
    return false;
  }
}
