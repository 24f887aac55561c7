package org.elementvault.engine.dataset;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.Names;
import org.elementvault.engine.VaultException;

/**
 * The schema of a dataset: its columns in file order, the subject column a row is about (for
 * distinct-subject thresholds) and its open category.
 *
 * @param subject the name of the subject column, one of {@code columns}
 * @param openCategory how far the dataset may be opened
 * @param columns 1 to {@value #MAX_COLUMNS} columns with distinct names
 */
public record Schema(String subject, OpenCategory openCategory, List<Column> columns) {

  /** The most columns a dataset may have. */
  public static final int MAX_COLUMNS = 1024;

  public Schema {
    Names.check("subject column", subject);
    Objects.requireNonNull(openCategory, "openCategory");
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new VaultException(ErrorCode.USER_ERROR, DatasetMessages.NO_COLUMNS);
    }
    if (columns.size() > MAX_COLUMNS) {
      throw new VaultException(ErrorCode.USER_ERROR, DatasetMessages.TOO_MANY_COLUMNS);
    }
    Set<String> seen = new HashSet<>();
    for (Column column : columns) {
      if (!seen.add(Ascii.toLowerCase(column.name()))) {
        throw new VaultException(
            ErrorCode.USER_ERROR, DatasetMessages.duplicateColumn(column.name()));
      }
    }
    if (!seen.contains(Ascii.toLowerCase(subject))) {
      throw new VaultException(ErrorCode.USER_ERROR, DatasetMessages.subjectNotAColumn(subject));
    }
  }

  /**
   * Reads a schema file ({@code S.yaml}); see {@link SchemaParser#parse}.
   *
   * @throws VaultException {@code USER_ERROR} naming the field or column and the rule broken
   */
  public static Schema parse(byte[] yaml) {
    return SchemaParser.parse(yaml);
  }

  /** Returns the column named {@code name}, compared without regard to ASCII case. */
  public Optional<Column> column(String name) {
    OptionalInt index = columnIndex(name);
    return index.isPresent() ? Optional.of(columns.get(index.getAsInt())) : Optional.empty();
  }

  /**
   * Returns the position of the column named {@code name}, compared without regard to ASCII case.
   */
  public OptionalInt columnIndex(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (Ascii.equalsIgnoreCase(columns.get(i).name(), name)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /** Returns the column a row is about. */
  public Column subjectColumn() {
    return columns.get(columnIndex(subject).orElseThrow());
  }

  /** Returns whether {@code column} is this schema's subject column. */
  public boolean isSubject(Column column) {
    return Ascii.equalsIgnoreCase(column.name(), subject);
  }
}
