package org.elementvault.sandbox.element;

import static org.elementvault.sandbox.element.ElementMessages.userError;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.elementvault.engine.Names;

/**
 * The {@code model} block of a {@code FEATURE} element that scores rows with a model of its tenant,
 * trained inside the vault or a registered ONNX model ({@code task: score}, DESIGN.md, Models): the
 * element's query selects the rows and the model's feature columns; {@code output} is an aggregate
 * query over the virtual table {@code scored} (the query's columns and {@code score}), released
 * through the normal protection. Whether the queries may run is the assessment's decision, not this
 * record's.
 *
 * @param model the model's id, or its name (a training element's or a registration's; the newest)
 * @param output the SQL the result is released through
 */
public record ScoringSpec(String model, String output) {

  /** The virtual table the output query reads. */
  public static final String TABLE = "scored";

  /** The column of {@link #TABLE} that holds each row's score. */
  public static final String SCORE = "score";

  /**
   * Checks every component.
   *
   * @throws org.elementvault.engine.VaultException {@code USER_ERROR} naming the key and the rule
   */
  public ScoringSpec {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(output, "output");
    if (!Names.isValid(model)) {
      throw userError(ElementMessages.SCORING_MODEL);
    }
    if (output.isBlank()
        || output.getBytes(StandardCharsets.UTF_8).length > ElementSpec.MAX_QUERY_BYTES
        || output.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r')) {
      throw userError(ElementMessages.SCORING_OUTPUT);
    }
  }
}
