package org.elementvault.engine.dataset;

import java.security.SecureRandom;

/** Seeded CSV files for the tests of the import's CSV reading. */
final class TestingCsv {

  private static final String[] PIECES = {
    "a", "Z", "9", " ", ",", "\"", "\n", "\r", "\r\n", "é", "中", "金库", "😀", "\t"
  };
  private static final String[] LINE_ENDS = {"\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r"};

  private TestingCsv() {}

  /** A file of up to 40 records of up to 5 fields, valid RFC 4180 that FastCSV reads right. */
  static String corpus(SecureRandom random) {
    StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? "\uFEFF" : "");
    for (int r = random.nextInt(40); r >= 0; r--) {
      int width = 1 + random.nextInt(5);
      boolean lastHoldsCr = false;
      for (int f = 0; f < width; f++) {
        StringBuilder value = new StringBuilder();
        for (int k = random.nextInt(5); k > 0; k--) {
          value.append(PIECES[random.nextInt(PIECES.length)]);
        }
        String field = value.toString();
        boolean mustQuote =
            field.startsWith("\"")
                || field.indexOf(',') >= 0
                || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0;
        if (mustQuote || random.nextInt(3) == 0) {
          text.append('"').append(field.replace("\"", "\"\"")).append('"');
          lastHoldsCr = field.indexOf('\r') >= 0;
        } else {
          text.append(field); // a quote inside an unquoted field is a plain character
          lastHoldsCr = false;
        }
        if (f < width - 1) {
          text.append(',');
        }
      }
      String end = LINE_ENDS[random.nextInt(LINE_ENDS.length)];
      // Steers clear of FastCSV 4.0's lost field (see CsvFieldsTest): such a record ends in CR.
      text.append(lastHoldsCr && end.charAt(0) == '\n' ? "\r\n" : end);
    }
    if (random.nextInt(4) == 0) {
      // The last record may end the file without a line end.
      while (!text.isEmpty() && "\r\n".indexOf(text.charAt(text.length() - 1)) >= 0) {
        text.setLength(text.length() - 1);
      }
    }
    return text.toString();
  }
}
