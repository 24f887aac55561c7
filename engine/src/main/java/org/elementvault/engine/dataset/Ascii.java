package org.elementvault.engine.dataset;

/**
 * ASCII-only case folding. {@link String#equalsIgnoreCase} folds Unicode too, so {@code "ſ"}
 * (U+017F) equals {@code "s"} and the Kelvin sign equals {@code "k"}: names and keywords must not
 * match through such look-alikes.
 */
final class Ascii {

  private Ascii() {}

  /** Returns {@code c} in lower case if it is an ASCII letter, otherwise {@code c}. */
  static char toLowerCase(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** Returns {@code text} with its ASCII letters in lower case. */
  static String toLowerCase(String text) {
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i] = toLowerCase(chars[i]);
    }
    return new String(chars);
  }

  /** Returns {@code text} with its ASCII letters in upper case. */
  static String toUpperCase(String text) {
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      chars[i] = c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }
    return new String(chars);
  }

  /** Returns whether {@code a} and {@code b} are equal when only ASCII letters are folded. */
  static boolean equalsIgnoreCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      if (toLowerCase(a.charAt(i)) != toLowerCase(b.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether the {@code lowerCase.length()} bytes of {@code bytes} from {@code offset} spell
   * {@code lowerCase} when only ASCII letters are folded.
   */
  static boolean equalsLowerCase(byte[] bytes, int offset, String lowerCase) {
    for (int i = 0; i < lowerCase.length(); i++) {
      if (toLowerCase((char) (bytes[offset + i] & 0xFF)) != lowerCase.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
