package org.elementvault.engine.dataset;

/**
 * Checks bytes for well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF) without decoding them, so that text can be stored as the bytes it arrived in.
 */
final class Utf8 {

  private Utf8() {}

  /**
   * Returns whether {@code bytes[from, to)} is well-formed UTF-8: the byte ranges of table 3-7 of
   * the Unicode standard, one case per sequence length, since most text here is ASCII and CJK.
   */
  static boolean isWellFormed(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      int lead = bytes[i] & 0xFF;
      if (lead < 0x80) {
        i++;
      } else if (lead < 0xC2) {
        return false; // a continuation byte, or an overlong two-byte form
      } else if (lead < 0xE0) {
        if (i + 1 >= to || !continues(bytes[i + 1])) {
          return false;
        }
        i += 2;
      } else if (lead < 0xF0) {
        if (i + 2 >= to || !continues(bytes[i + 1]) || !continues(bytes[i + 2])) {
          return false;
        }
        int second = bytes[i + 1] & 0xFF;
        if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F)) {
          return false; // overlong, or a surrogate
        }
        i += 3;
      } else if (lead < 0xF5) {
        if (i + 3 >= to
            || !continues(bytes[i + 1])
            || !continues(bytes[i + 2])
            || !continues(bytes[i + 3])) {
          return false;
        }
        int second = bytes[i + 1] & 0xFF;
        if ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
          return false; // overlong, or above U+10FFFF
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean continues(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
