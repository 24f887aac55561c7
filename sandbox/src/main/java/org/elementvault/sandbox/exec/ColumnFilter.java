package org.elementvault.sandbox.exec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.sql.SqlKind;
import org.elementvault.engine.dataset.ColumnType;
import org.jspecify.annotations.Nullable;

/**
 * One conjunct of a vectorized filter: narrows a selection of row numbers of a batch, reading one
 * column's vector directly. SQL semantics: a NULL value passes no comparison.
 */
abstract class ColumnFilter {

  /** Keeps every row. */
  static final ColumnFilter ALL =
      new ColumnFilter(-1) {
        @Override
        int apply(VectorSchemaRoot batch, int[] selection, int count) {
          return count;
        }
      };

  /** Keeps no row. */
  static final ColumnFilter NONE =
      new ColumnFilter(-1) {
        @Override
        int apply(VectorSchemaRoot batch, int[] selection, int count) {
          return 0;
        }
      };

  final int slot;

  ColumnFilter(int slot) {
    this.slot = slot;
  }

  /** Keeps, in place and in order, the selected rows that pass; returns how many remain. */
  abstract int apply(VectorSchemaRoot batch, int[] selection, int count);

  /** Keeps the rows that pass every one of {@code filters}: one condition read as several. */
  static ColumnFilter allOf(List<ColumnFilter> filters) {
    List<ColumnFilter> all = List.copyOf(filters);
    return new ColumnFilter(-1) {
      @Override
      int apply(VectorSchemaRoot batch, int[] selection, int count) {
        int kept = count;
        for (ColumnFilter filter : all) {
          kept = filter.apply(batch, selection, kept);
        }
        return kept;
      }
    };
  }

  static ColumnFilter isNull(int slot, boolean wantNull) {
    return new ColumnFilter(slot) {
      @Override
      int apply(VectorSchemaRoot batch, int[] selection, int count) {
        Column column = Column.of(batch.getVector(slot));
        int kept = 0;
        for (int i = 0; i < count; i++) {
          int row = selection[i];
          if (column.isNull(row) == wantNull) {
            selection[kept++] = row;
          }
        }
        return kept;
      }
    };
  }

  static ColumnFilter isBoolean(int slot, boolean value) {
    return longIn(slot, new long[] {value ? 1 : 0});
  }

  /** {@code column op value}, for a constant as {@link VectorPlan} reads it. */
  static @Nullable ColumnFilter compare(int slot, ColumnType type, SqlKind op, Object value) {
    return switch (type.kind()) {
      case INT, BIGINT, DATE, DECIMAL -> longCompare(slot, type, op, (BigDecimal) value);
      case DOUBLE -> doubleCompare(slot, op, (Double) value);
      case STRING ->
          switch (op) {
            case EQUALS -> stringIn(slot, List.of(value), false);
            case NOT_EQUALS -> stringIn(slot, List.of(value), true);
            default -> null; // Calcite orders strings by UTF-16 units; not worth replicating.
          };
      case BOOLEAN ->
          switch (op) {
            case EQUALS -> isBoolean(slot, (Boolean) value);
            case NOT_EQUALS -> isBoolean(slot, !(Boolean) value);
            default -> null;
          };
      case TIMESTAMP -> null;
    };
  }

  /** {@code column IN (values)}. */
  static @Nullable ColumnFilter anyOf(int slot, ColumnType type, List<Object> values) {
    return switch (type.kind()) {
      case INT, BIGINT, DATE, DECIMAL -> {
        long[] points = new long[values.size()];
        int n = 0;
        for (Object value : values) {
          BigDecimal scaled = scaled((BigDecimal) value, type);
          if (scaled.signum() == 0 || scaled.stripTrailingZeros().scale() <= 0) {
            if (fitsLong(scaled)) {
              points[n++] = scaled.longValueExact();
            }
          }
        }
        yield longIn(slot, java.util.Arrays.copyOf(points, n));
      }
      case DOUBLE -> {
        double[] points = values.stream().mapToDouble(v -> (Double) v).toArray();
        yield new ColumnFilter(slot) {
          @Override
          int apply(VectorSchemaRoot batch, int[] selection, int count) {
            Column column = Column.of(batch.getVector(slot));
            int kept = 0;
            for (int i = 0; i < count; i++) {
              int row = selection[i];
              if (!column.isNull(row)) {
                double v = column.doubleAt(row);
                for (double p : points) {
                  if (v == p) {
                    selection[kept++] = row;
                    break;
                  }
                }
              }
            }
            return kept;
          }
        };
      }
      case STRING -> stringIn(slot, values, false);
      case BOOLEAN, TIMESTAMP -> null;
    };
  }

  /** The column's long form of a constant: unscaled for decimals, days for dates. */
  private static BigDecimal scaled(BigDecimal value, ColumnType type) {
    return type.kind() == ColumnType.Kind.DECIMAL ? value.movePointRight(type.scale()) : value;
  }

  private static boolean fitsLong(BigDecimal value) {
    return value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
        && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
  }

  private static long clamp(BigDecimal integral) {
    if (integral.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
      return Long.MIN_VALUE;
    }
    if (integral.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return Long.MAX_VALUE;
    }
    return integral.longValueExact();
  }

  /** An exact comparison turned into an inclusive range (or a point to skip) of long values. */
  private static @Nullable ColumnFilter longCompare(
      int slot, ColumnType type, SqlKind op, BigDecimal value) {
    BigDecimal v = scaled(value, type);
    BigDecimal floor = v.setScale(0, RoundingMode.FLOOR);
    BigDecimal ceiling = v.setScale(0, RoundingMode.CEILING);
    boolean integral = floor.compareTo(v) == 0;
    return switch (op) {
      case EQUALS ->
          integral && fitsLong(v) ? longRange(slot, v.longValueExact(), v.longValueExact()) : NONE;
      case NOT_EQUALS ->
          integral && fitsLong(v) ? longNot(slot, v.longValueExact()) : isNull(slot, false);
      case LESS_THAN -> longBelow(slot, ceiling.subtract(BigDecimal.ONE));
      case LESS_THAN_OR_EQUAL -> longBelow(slot, floor);
      case GREATER_THAN -> longAbove(slot, floor.add(BigDecimal.ONE));
      case GREATER_THAN_OR_EQUAL -> longAbove(slot, ceiling);
      default -> null;
    };
  }

  private static ColumnFilter longBelow(int slot, BigDecimal high) {
    return high.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0
        ? NONE
        : longRange(slot, Long.MIN_VALUE, clamp(high));
  }

  private static ColumnFilter longAbove(int slot, BigDecimal low) {
    return low.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
        ? NONE
        : longRange(slot, clamp(low), Long.MAX_VALUE);
  }

  private static ColumnFilter longRange(int slot, long low, long high) {
    return new ColumnFilter(slot) {
      @Override
      int apply(VectorSchemaRoot batch, int[] selection, int count) {
        return Column.of(batch.getVector(slot)).keepWithin(selection, count, low, high);
      }
    };
  }

  private static ColumnFilter longNot(int slot, long point) {
    return new ColumnFilter(slot) {
      @Override
      int apply(VectorSchemaRoot batch, int[] selection, int count) {
        Column column = Column.of(batch.getVector(slot));
        int kept = 0;
        for (int i = 0; i < count; i++) {
          int row = selection[i];
          if (!column.isNull(row) && column.longAt(row) != point) {
            selection[kept++] = row;
          }
        }
        return kept;
      }
    };
  }

  private static ColumnFilter longIn(int slot, long[] points) {
    return new ColumnFilter(slot) {
      @Override
      int apply(VectorSchemaRoot batch, int[] selection, int count) {
        Column column = Column.of(batch.getVector(slot));
        int kept = 0;
        for (int i = 0; i < count; i++) {
          int row = selection[i];
          if (!column.isNull(row)) {
            long v = column.longAt(row);
            for (long p : points) {
              if (v == p) {
                selection[kept++] = row;
                break;
              }
            }
          }
        }
        return kept;
      }
    };
  }

  private static @Nullable ColumnFilter doubleCompare(int slot, SqlKind op, double value) {
    DoubleTest test =
        switch (op) {
          case EQUALS -> v -> v == value;
          case NOT_EQUALS -> v -> v != value;
          case LESS_THAN -> v -> v < value;
          case LESS_THAN_OR_EQUAL -> v -> v <= value;
          case GREATER_THAN -> v -> v > value;
          case GREATER_THAN_OR_EQUAL -> v -> v >= value;
          default -> null;
        };
    if (test == null) {
      return null;
    }
    return new ColumnFilter(slot) {
      @Override
      int apply(VectorSchemaRoot batch, int[] selection, int count) {
        Column column = Column.of(batch.getVector(slot));
        int kept = 0;
        for (int i = 0; i < count; i++) {
          int row = selection[i];
          if (!column.isNull(row) && test.test(column.doubleAt(row))) {
            selection[kept++] = row;
          }
        }
        return kept;
      }
    };
  }

  @FunctionalInterface
  private interface DoubleTest {
    boolean test(double value);
  }

  /** Equality with one of {@code values} (or with none, if {@code negate}) by UTF-8 bytes. */
  private static ColumnFilter stringIn(int slot, List<Object> values, boolean negate) {
    byte[][] wanted =
        values.stream()
            .map(v -> ((String) v).getBytes(StandardCharsets.UTF_8))
            .toArray(byte[][]::new);
    return new ColumnFilter(slot) {
      @Override
      int apply(VectorSchemaRoot batch, int[] selection, int count) {
        FieldVector vector = batch.getVector(slot);
        Column column = Column.of(vector);
        int kept = 0;
        for (int i = 0; i < count; i++) {
          int row = selection[i];
          if (column.isNull(row)) {
            continue;
          }
          boolean found = false;
          for (byte[] w : wanted) {
            if (column.equals(row, w)) {
              found = true;
              break;
            }
          }
          if (found != negate) {
            selection[kept++] = row;
          }
        }
        return kept;
      }
    };
  }
}
