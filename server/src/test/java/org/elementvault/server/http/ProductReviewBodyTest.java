package org.elementvault.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import org.elementvault.engine.ErrorCode;
import org.elementvault.sandbox.product.ProductDecision;
import org.elementvault.server.api.ApiJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The body of {@code POST /products/{p}/review}: the three decisions and the one it refuses. */
class ProductReviewBodyTest {

  @ParameterizedTest
  @EnumSource(ProductDecision.class)
  void body_ofADecision_carriesItBackOverTheWire(ProductDecision decision) throws Exception {
    String json = ApiJson.mapper().writeValueAsString(Wire.ProductReview.of(decision, "fits"));

    Wire.ProductReview read = ApiJson.mapper().readValue(json, Wire.ProductReview.class);

    assertThat(read.decision()).isEqualTo(decision);
  }

  @Test
  void body_withoutConditional_isAPlainApproval() throws Exception {
    Wire.ProductReview read =
        ApiJson.mapper()
            .readValue("{\"approve\": true, \"reason\": \"fits\"}", Wire.ProductReview.class);

    assertThat(read.decision()).isEqualTo(ProductDecision.APPROVE);
  }

  @Test
  void body_conditionalRejection_isRefusedAsBadUsage() throws Exception {
    Wire.ProductReview read =
        ApiJson.mapper()
            .readValue(
                "{\"approve\": false, \"conditional\": true, \"reason\": \"no\"}",
                Wire.ProductReview.class);

    assertVaultException(
        read::decision, ErrorCode.USER_ERROR, "conditional goes with approve: true");
  }
}
