package org.elementvault.server.http;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.elementvault.crypto.merkle.SignedTreeHead;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.auth.Role;
import org.elementvault.engine.dataset.Level;
import org.elementvault.sandbox.product.ProductDecision;
import org.elementvault.server.api.UserInfo;
import org.jspecify.annotations.Nullable;

/**
 * The request and reply bodies of the HTTP API that are not already values of {@link
 * org.elementvault.server.api.VaultApi}, shared by the server and {@link HttpApi} and written with
 * {@link org.elementvault.server.api.ApiJson}.
 */
public final class Wire {

  private Wire() {}

  /**
   * The path prefix of the API's version: every route but the probes' and the scraper's ({@code
   * /healthz}, {@code /readyz}, {@code /metrics}) is below it.
   */
  public static final String API_PREFIX = "/v1";

  /** The header that carries a dataset upload's schema, the YAML file in base64. */
  public static final String SCHEMA_HEADER = "Evault-Schema";

  /**
   * The prefix of the query parameters that carry a template's parameters on {@code POST
   * /elements/{id}/runs}: {@code param.district=…}.
   */
  public static final String PARAM_PREFIX = "param.";

  /** The header that names the job of a result sent as CSV or Arrow. */
  public static final String JOB_HEADER = "Evault-Job";

  /** {@code POST /tenants}. */
  public record TenantApplication(String name, String contact, @Nullable LocalDate until) {
    public TenantApplication {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(contact, "contact");
    }
  }

  /** A review of a tenant or element. */
  public record Decision(boolean approve, String reason) {
    public Decision {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * {@code POST /products/{p}/review}: {@code conditional} (optional, default false) goes with
   * {@code approve} and approves the product's purpose for its {@code CONDITIONAL} datasets.
   */
  public record ProductReview(boolean approve, @Nullable Boolean conditional, String reason) {
    public ProductReview {
      Objects.requireNonNull(reason, "reason");
    }

    /** The body that carries {@code decision}. */
    public static ProductReview of(ProductDecision decision, String reason) {
      return switch (decision) {
        case APPROVE -> new ProductReview(true, null, reason);
        case APPROVE_CONDITIONAL -> new ProductReview(true, true, reason);
        case REJECT -> new ProductReview(false, null, reason);
      };
    }

    /** The decision this body carries; a conditional rejection is bad usage. */
    public ProductDecision decision() {
      boolean isConditional = Boolean.TRUE.equals(conditional);
      if (!approve && isConditional) {
        throw new VaultException(ErrorCode.USER_ERROR, "conditional goes with approve: true");
      }
      if (!approve) {
        return ProductDecision.REJECT;
      }
      return isConditional ? ProductDecision.APPROVE_CONDITIONAL : ProductDecision.APPROVE;
    }
  }

  /** {@code POST /elements/{id}/suspend}, {@code /retire} and {@code /products/{p}/suspend}. */
  public record Reason(String reason) {
    public Reason {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** {@code POST /tenants/{name}/extend-trial}. */
  public record Days(int days) {}

  /** A destructive operation repeats the name it destroys. */
  public record Confirmation(String confirm) {
    public Confirmation {
      Objects.requireNonNull(confirm, "confirm");
    }
  }

  /** {@code POST /users}. */
  public record NewUser(
      String name, Role role, @Nullable String tenant, @Nullable Instant expiresAt) {
    public NewUser {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(role, "role");
    }
  }

  /** The reply to {@code POST /users}: the only time the token is ever sent. */
  public record IssuedUser(UserInfo user, String token) {
    public IssuedUser {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "IssuedUser[" + user.name() + ", token redacted]";
    }
  }

  /** {@code POST /datasets/{name}/classify}. */
  public record Classification(String column, Level level, String reason) {
    public Classification {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** {@code PUT /datasets/{name}/budget}: ε per rolling window of {@code windowDays}. */
  public record BudgetSetting(BigDecimal epsilon, int windowDays) {
    public BudgetSetting {
      Objects.requireNonNull(epsilon, "epsilon");
    }
  }

  /** {@code POST /log/purge}. */
  public record Purge(Instant before) {
    public Purge {
      Objects.requireNonNull(before, "before");
    }
  }

  /**
   * The reply to {@code POST /log/export}: the export file and its public key file in base64
   * (files, unlike hashes, which the API writes in hex), and the head.
   */
  public record Export(SignedTreeHead head, String export, String publicKey) {
    public Export {
      Objects.requireNonNull(head, "head");
      Objects.requireNonNull(export, "export");
      Objects.requireNonNull(publicKey, "publicKey");
    }
  }
}
