package org.elementvault.engine.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds where a file stops being valid UTF-8, by line, for an import's refusal. */
final class Utf8Lines {

  private Utf8Lines() {}

  /**
   * The 1-based line of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629:
   * no overlong forms, no surrogates, nothing above U+10FFFF), or the last line if the file is
   * valid or cannot be read again.
   */
  static long firstMalformedLine(Path file) {
    long line = 1;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          line++;
        } else if (b >= 0x80 && !continues(in, b)) {
          return line;
        }
      }
    } catch (IOException e) {
      // The first read worked; if the second fails, the last line counted is the best answer.
    }
    return line;
  }

  /** Whether the sequence led by {@code lead} is well formed, consuming its continuation bytes. */
  private static boolean continues(InputStream in, int lead) throws IOException {
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
    int code = lead & (0x3F >> length);
    for (int i = 0; i < length; i++) {
      int next = in.read();
      if (next < 0 || (next & 0xC0) != 0x80) {
        return false;
      }
      code = (code << 6) | (next & 0x3F);
    }
    return code >= min && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
  }
}
