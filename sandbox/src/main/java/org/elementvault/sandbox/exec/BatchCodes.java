package org.elementvault.sandbox.exec;

import java.util.Arrays;

/**
 * A string column of one batch as codes: each row's value numbered in order of first appearance in
 * the batch ({@link #NULL} for NULL), with the first row of each. Equal bytes, equal code. A run
 * maps the batch's few codes to its own dictionary ids once, through the first rows, and then reads
 * a key per row as an array lookup rather than hashing and probing its bytes. Made for every row of
 * the batch, and never changed after.
 */
final class BatchCodes {

  /** The code of a NULL row. */
  static final int NULL = -1;

  private final int[] codes;
  private final int[] firstRows;

  private BatchCodes(int[] codes, int[] firstRows) {
    this.codes = codes;
    this.firstRows = firstRows;
  }

  /** The codes of every row of {@code column}, a string column. */
  static BatchCodes of(Column column) {
    int rows = column.rows();
    int[] codes = new int[rows];
    int[] firstRows = new int[16];
    ByteDictionary values = new ByteDictionary();
    for (int row = 0; row < rows; row++) {
      if (column.isNull(row)) {
        codes[row] = NULL;
        continue;
      }
      int known = values.size();
      int code = values.idOf(column, row);
      if (code == known) {
        if (code == firstRows.length) {
          firstRows = Arrays.copyOf(firstRows, 2 * code);
        }
        firstRows[code] = row;
      }
      codes[row] = code;
    }
    return new BatchCodes(codes, Arrays.copyOf(firstRows, values.size()));
  }

  /** The number of rows. */
  int rows() {
    return codes.length;
  }

  /** The number of distinct values. */
  int distinct() {
    return firstRows.length;
  }

  /** The code of {@code row}, or {@link #NULL}. */
  int code(int row) {
    return codes[row];
  }

  /** The first row whose value has code {@code code}. */
  int firstRow(int code) {
    return firstRows[code];
  }

  /** The heap bytes of the codes, roughly. */
  long bytes() {
    return 4L * (codes.length + firstRows.length) + 64;
  }
}
