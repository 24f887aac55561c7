package org.elementvault.engine.dataset;

/**
 * Checks bytes for well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF) without decoding them, so that text can be stored as the bytes it arrived in.
 */
final class Utf8 {

  private Utf8() {}

  /** Returns whether {@code bytes[from, to)} is well-formed UTF-8. */
  static boolean isWellFormed(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      int lead = bytes[i];
      if (lead >= 0) {
        i++;
        continue;
      }
      lead &= 0xFF;
      int length;
      int min;
      if (lead >= 0xC2 && lead <= 0xDF) {
        length = 1;
        min = 0x80;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 2;
        min = 0x800;
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 3;
        min = 0x10000;
      } else {
        return false;
      }
      if (i + length >= to) {
        return false; // cut short
      }
      int code = lead & (0x3F >> length);
      for (int k = 1; k <= length; k++) {
        int next = bytes[i + k];
        if ((next & 0xC0) != 0x80) {
          return false;
        }
        code = (code << 6) | (next & 0x3F);
      }
      if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return false;
      }
      i += length + 1;
    }
    return true;
  }
}
