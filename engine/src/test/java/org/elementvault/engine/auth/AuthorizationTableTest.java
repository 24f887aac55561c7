package org.elementvault.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthorizationTableTest {

  /**
   * Who may do what, written out independently of the code: {@code x} allows, {@code -} refuses.
   * Any change to the table in code must change this matrix too.
   */
  private static final String MATRIX =
      """
      operation            ADMIN  TENANT_ADMIN  DEVELOPER  AUDITOR
      TENANT_APPLY         x      -             -          -
      TENANT_REVIEW        x      -             -          -
      TENANT_ACTIVATE      x      -             -          -
      TENANT_EXTEND_TRIAL  x      -             -          -
      TENANT_SUSPEND       x      -             -          -
      TENANT_RESUME        x      -             -          -
      TENANT_EXIT          x      -             -          -
      TENANT_CHANGE        x      x             -          -
      TENANT_QUOTA         x      -             -          -
      TENANT_LIST          x      -             -          x
      TENANT_SHOW          x      x             x          x
      USER_ADD             x      x             -          -
      USER_REVOKE          x      x             -          -
      USER_LIST            x      x             -          x
      LOG_SHOW             x      x             -          x
      LOG_VERIFY           x      -             -          x
      LOG_CHECKPOINT       x      -             -          x
      LOG_EXPORT           x      -             -          x
      LOG_PURGE            x      -             -          -
      DATASET_IMPORT       x      x             -          -
      DATASET_LIST         x      x             x          x
      DATASET_DESCRIBE     x      x             x          x
      DATASET_CLASSIFY     x      x             -          -
      DATASET_DROP         x      x             -          -
      DATASET_SCAN         -      x             x          -
      DATASET_BUDGET       x      -             -          -
      DATASET_BUDGET_STATUS x     x             x          x
      BUDGET_CHARGE        -      -             x          -
      BUDGET_REFUND        -      -             x          -
      ELEMENT_CHECK        -      -             x          -
      ELEMENT_SUBMIT       -      -             x          -
      ELEMENT_REVIEW       x      -             -          -
      ELEMENT_LIST         x      x             x          x
      ELEMENT_SHOW         x      x             x          x
      ELEMENT_RUN          -      -             x          -
      ELEMENT_SUSPEND      x      -             -          -
      ELEMENT_RESUME       x      -             -          -
      ELEMENT_RETIRE       x      -             x          -
      ELEMENT_RELEASE      -      -             x          -
      ELEMENT_CATALOG      x      x             x          x
      ELEMENT_USAGE        x      x             x          -
      RESULT_RELEASE       -      -             x          -
      RESULT_READ          -      -             x          -
      PRODUCT_REGISTER     -      x             -          -
      PRODUCT_REVIEW       x      -             -          -
      PRODUCT_LIST         x      x             x          x
      PRODUCT_SHOW         x      x             x          x
      PRODUCT_CERTIFICATE  x      x             x          x
      PRODUCT_RUN          -      -             x          -
      PRODUCT_USAGE        x      x             -          -
      PRODUCT_SUSPEND      x      -             -          -
      PRODUCT_RESUME       x      -             -          -
      MODEL_TRAIN          -      -             x          -
      MODEL_REGISTER       -      x             -          -
      MODEL_LIST           x      x             x          x
      MODEL_SHOW           x      x             x          x
      BACKUP_CREATE        x      -             -          -
      BACKUP_LIST          x      -             -          x
      BACKUP_RESTORE       x      -             -          -
      BACKUP_DRILL         x      -             -          -
      JOB_LIST             x      x             x          x
      JOB_SHOW             x      x             x          x
      JOB_CANCEL           x      -             x          -
      KEYS_ROTATE          x      -             -          -
      KEYS_STATUS          x      -             -          x
      """;

  static Stream<Arguments> matrix() {
    List<Arguments> pairs = new ArrayList<>();
    parse()
        .forEach(
            (operation, allowed) ->
                allowed.forEach((role, may) -> pairs.add(Arguments.of(role, operation, may))));
    return pairs.stream();
  }

  private static Map<Operation, Map<Role, Boolean>> parse() {
    List<String> lines = MATRIX.lines().toList();
    String[] header = lines.get(0).trim().split("\\s+");
    List<Role> roles = Arrays.stream(header).skip(1).map(Role::valueOf).toList();
    Map<Operation, Map<Role, Boolean>> table = new EnumMap<>(Operation.class);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.trim().split("\\s+");
      Map<Role, Boolean> row = new EnumMap<>(Role.class);
      for (int i = 0; i < roles.size(); i++) {
        row.put(
            roles.get(i),
            switch (cells[i + 1]) {
              case "x" -> true;
              case "-" -> false;
              default -> throw new IllegalStateException("cell must be x or -: " + line);
            });
      }
      table.put(Operation.valueOf(cells[0]), row);
    }
    return table;
  }

  @Test
  void matrix_coversEveryRoleAndEveryOperation() {
    Map<Operation, Map<Role, Boolean>> table = parse();

    assertThat(table.keySet()).isEqualTo(EnumSet.allOf(Operation.class));
    assertThat(table.values())
        .allSatisfy(row -> assertThat(row.keySet()).isEqualTo(EnumSet.allOf(Role.class)));
    assertThat(matrix()).hasSize(Role.values().length * Operation.values().length).hasSize(260);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("matrix")
  void allows_everyRoleAndOperation_matchesTheMatrix(
      Role role, Operation operation, boolean expected) {
    boolean allowed = AuthorizationTable.allows(role, operation);

    assertThat(allowed).isEqualTo(expected);
  }
}
