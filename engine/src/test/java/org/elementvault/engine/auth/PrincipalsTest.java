package org.elementvault.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.elementvault.engine.VaultAssertions.assertVaultException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.elementvault.crypto.CipherSuite;
import org.elementvault.engine.ErrorCode;
import org.elementvault.engine.TestingClock;
import org.elementvault.engine.TestingVaults;
import org.elementvault.engine.Vault;
import org.elementvault.engine.VaultException;
import org.elementvault.engine.oplog.LogRecord;
import org.elementvault.engine.oplog.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Principals and their tokens on a real vault, with tenants {@code acme} and {@code beta}. */
class PrincipalsTest {

  private static final Instant START = Instant.parse("2026-03-04T02:00:00Z");
  private static final String INVALID_TOKEN = "invalid, expired or revoked token";

  @TempDir Path temp;

  private final TestingClock clock = new TestingClock(START);
  private Vault vault;
  private Principal admin;

  @BeforeEach
  void createVault() {
    vault = TestingVaults.create(vaultDir(), CipherSuite.GM, clock);
    admin = vault.admin();
    for (String tenant : List.of("acme", "beta")) {
      var unusedApplied = vault.tenants().apply(admin, tenant, "ops desk", null);
      var unusedApproved = vault.tenants().review(admin, tenant, true, "documents complete");
    }
  }

  @AfterEach
  void closeVault() {
    vault.close();
  }

  // --- tokens ---

  @Test
  void authenticate_tokenOfNewUser_returnsThePrincipal() {
    Principals.Issued issued = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null);

    Principal principal = vault.authenticate(issued.token());

    assertThat(principal).isEqualTo(issued.principal());
    assertThat(principal.role()).isEqualTo(Role.DEVELOPER);
    assertThat(vault.tenantName(principal.tenantId())).isEqualTo("acme");
  }

  @Test
  void writeTo_newFile_holdsTheBareTokenOnOneLineReadableByOwnerOnly() throws IOException {
    Token token = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null).token();
    Path file = temp.resolve("dev1.token");

    token.writeTo(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String content = Files.readString(file, StandardCharsets.US_ASCII);
    assertThat(content).matches("[A-Za-z0-9_-]{43}\n");
    assertThat(content).isEqualTo(new String(token.chars()) + "\n");
  }

  @Test
  void writeTo_existingWorldReadableFile_becomesOwnerOnlyAndHoldsOnlyTheToken() throws IOException {
    Token token = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null).token();
    Path file = temp.resolve("dev1.token");
    Files.writeString(file, "an older and much longer content that must not survive\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    token.writeTo(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readAllLines(file, StandardCharsets.US_ASCII))
        .containsExactly(new String(token.chars()));
  }

  @Test
  void authenticate_tokenReadBackFromItsFile_returnsThePrincipal() throws IOException {
    Token token = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null).token();
    Path file = temp.resolve("dev1.token");
    token.writeTo(file);
    String line = Files.readAllLines(file, StandardCharsets.US_ASCII).get(0);

    Principal principal = vault.authenticate(Token.of(line.toCharArray()));

    assertThat(principal.name()).isEqualTo("dev1");
  }

  @Test
  void authenticate_revokedToken_isDenied() {
    Token token = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null).token();
    Principal before = vault.authenticate(token);

    Principal revoked = vault.revokeUser(admin, "dev1");

    assertThat(before.name()).isEqualTo("dev1");
    assertThat(revoked.revokedAt()).isEqualTo(START);
    assertVaultException(() -> vault.authenticate(token), ErrorCode.ACCESS_DENIED, INVALID_TOKEN);
  }

  @Test
  void authenticate_tokenJustBeforeItsExpiry_isAccepted() {
    Instant expiry = START.plus(Duration.ofHours(1));
    Token token = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", expiry).token();

    clock.set(expiry.minusSeconds(1));

    assertThat(vault.authenticate(token).name()).isEqualTo("dev1");
  }

  @Test
  void authenticate_tokenPastItsExpiry_isDenied() {
    Instant expiry = START.plus(Duration.ofHours(1));
    Token token = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", expiry).token();

    clock.advance(Duration.ofHours(1));

    assertVaultException(() -> vault.authenticate(token), ErrorCode.ACCESS_DENIED, INVALID_TOKEN);
  }

  @Test
  void add_expiryNotInTheFuture_isRefused() {
    assertVaultException(
        () -> vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", START),
        ErrorCode.USER_ERROR,
        "the token's expiry is in the past");
  }

  static Stream<Token> foreignTokens() {
    return Stream.of(
        Token.generate(new SecureRandom()),
        Token.of("garbage".toCharArray()),
        Token.of(new char[0]),
        Token.of("x".repeat(10_000).toCharArray()));
  }

  @ParameterizedTest
  @MethodSource("foreignTokens")
  void authenticate_unknownToken_isDeniedAndLoggedAsFailedLogin(Token token) {
    var unusedUser = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null);

    assertVaultException(() -> vault.authenticate(token), ErrorCode.ACCESS_DENIED, INVALID_TOKEN);

    assertThat(lastRecord())
        .isEqualTo(new LogRecord("-", "", "auth.login", "", Outcome.FAILED, INVALID_TOKEN));
  }

  @Test
  void add_token_appearsInNoFileOfTheVault() throws IOException {
    Token token = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null).token();
    byte[] text = new String(token.chars()).getBytes(StandardCharsets.US_ASCII);
    vault.close();

    try (Stream<Path> files = Files.walk(vaultDir())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(indexOf(Files.readAllBytes(file), text)).as(file.toString()).isEqualTo(-1);
      }
    }
    vault = TestingVaults.open(vaultDir(), clock);
  }

  @Test
  void authenticate_afterReopen_acceptsTokensAndKeepsRevocations() {
    Token kept = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null).token();
    Token revoked = vault.addUser(admin, "dev2", Role.DEVELOPER, "acme", null).token();
    var unusedRevoked = vault.revokeUser(admin, "dev2");

    vault.close();
    vault = TestingVaults.open(vaultDir(), clock);

    assertThat(vault.authenticate(kept).name()).isEqualTo("dev1");
    assertVaultException(() -> vault.authenticate(revoked), ErrorCode.ACCESS_DENIED, INVALID_TOKEN);
  }

  @Test
  void tokenAndPrincipal_toString_revealNoTokenOrHash() {
    Principals.Issued issued = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null);
    String token = new String(issued.token().chars());

    assertThat(issued.token().toString()).isEqualTo("Token[redacted]");
    assertThat(issued.principal().toString()).isEqualTo("Principal[dev1, developer]");
    assertThat(issued.toString())
        .doesNotContain(token)
        .doesNotContain(issued.principal().tokenHash());
  }

  // --- who may add whom ---

  @Test
  void add_developerByTenantAdminToOwnTenant_isAdded() {
    Principal acmeAdmin = tenantAdmin("acme");

    Principals.Issued issued = vault.addUser(acmeAdmin, "dev1", Role.DEVELOPER, "acme", null);

    assertThat(vault.authenticate(issued.token()).tenantId()).isEqualTo(acmeAdmin.tenantId());
  }

  @Test
  void add_developerByTenantAdminToAnotherTenant_isTheSameNotFoundAsAMissingTenant() {
    Principal acmeAdmin = tenantAdmin("acme");
    VaultException missing =
        assertVaultException(
            () -> vault.addUser(acmeAdmin, "dev1", Role.DEVELOPER, "gamma", null),
            ErrorCode.NOT_FOUND,
            "tenant gamma not found");
    LogRecord missingEntry = lastRecord();
    var unusedGamma = vault.tenants().apply(admin, "gamma", "ops desk", null);

    assertVaultException(
        () -> vault.addUser(acmeAdmin, "dev1", Role.DEVELOPER, "gamma", null),
        missing.code(),
        missing.getMessage());

    assertThat(lastRecord()).isEqualTo(missingEntry);
    assertThat(vault.users(admin)).extracting(Principal::name).doesNotContain("dev1");
  }

  @ParameterizedTest
  @EnumSource(
      value = Role.class,
      names = {"ADMIN", "AUDITOR"})
  void add_vaultWideRoleByTenantAdmin_isForbidden(Role role) {
    Principal acmeAdmin = tenantAdmin("acme");

    assertVaultException(
        () -> vault.addUser(acmeAdmin, "boss", role, null, null),
        ErrorCode.FORBIDDEN,
        "a tenant admin may add developers of its own tenant only");
    assertThat(vault.users(admin)).extracting(Principal::name).doesNotContain("boss");
  }

  @Test
  void add_tenantAdminByTenantAdmin_isForbidden() {
    Principal acmeAdmin = tenantAdmin("acme");

    assertVaultException(
        () -> vault.addUser(acmeAdmin, "admin2", Role.TENANT_ADMIN, "acme", null),
        ErrorCode.FORBIDDEN,
        "a tenant admin may add developers of its own tenant only");
  }

  @Test
  void add_byDeveloper_isForbidden() {
    Principal developer = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null).principal();

    assertVaultException(
        () -> vault.addUser(developer, "dev2", Role.DEVELOPER, "acme", null),
        ErrorCode.FORBIDDEN,
        "role developer may not perform user.add");
  }

  @ParameterizedTest
  @EnumSource(
      value = Role.class,
      names = {"TENANT_ADMIN", "DEVELOPER"})
  void add_tenantRoleWithoutTenant_isRefused(Role role) {
    assertVaultException(
        () -> vault.addUser(admin, "someone", role, null, null),
        ErrorCode.USER_ERROR,
        "role " + role.label() + " needs --tenant");
  }

  @ParameterizedTest
  @EnumSource(
      value = Role.class,
      names = {"ADMIN", "AUDITOR"})
  void add_vaultWideRoleWithTenant_isRefused(Role role) {
    assertVaultException(
        () -> vault.addUser(admin, "someone", role, "acme", null),
        ErrorCode.USER_ERROR,
        "role " + role.label() + " belongs to no tenant");
  }

  @Test
  void add_duplicateName_isRefused() {
    var unusedUser = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null);

    assertVaultException(
        () -> vault.addUser(admin, "dev1", Role.DEVELOPER, "beta", null),
        ErrorCode.USER_ERROR,
        "user dev1 already exists");
  }

  @Test
  void add_nameOfBuiltinAdmin_isRefused() {
    assertVaultException(
        () -> vault.addUser(admin, "admin", Role.AUDITOR, null, null),
        ErrorCode.USER_ERROR,
        "user admin already exists");
  }

  @Test
  void add_invalidUserName_isRefusedWithoutEchoingIt() {
    assertVaultException(
        () -> vault.addUser(admin, "Dev 1\n", Role.DEVELOPER, "acme", null),
        ErrorCode.USER_ERROR,
        "invalid user name: names are 1 to 63 characters of a-z, 0-9, '_' and '-', starting with a"
            + " letter or digit");
  }

  @Test
  void add_invalidTenantName_isRefusedAndLoggedWithoutEchoingIt() {
    long before = vault.log().size();

    assertVaultException(
        () -> vault.addUser(admin, "dev1", Role.DEVELOPER, "../acme\n", null),
        ErrorCode.USER_ERROR,
        "invalid tenant name: names are 1 to 63 characters of a-z, 0-9, '_' and '-', starting with"
            + " a letter or digit");

    assertThat(vault.log().size()).isEqualTo(before + 1);
    assertThat(lastRecord())
        .isEqualTo(
            new LogRecord(
                "admin",
                "",
                "user.add",
                "",
                Outcome.REFUSED,
                "invalid tenant name: names are 1 to 63 characters of a-z, 0-9, '_' and '-',"
                    + " starting with a letter or digit"));
  }

  @Test
  void add_userToDestroyedTenant_isNotFound() {
    var unusedDestroyed = vault.exitTenant(admin, "acme", "acme");

    assertVaultException(
        () -> vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null),
        ErrorCode.NOT_FOUND,
        "tenant acme not found");
  }

  // --- revocation ---

  @Test
  void revoke_builtinAdmin_isRefused() {
    assertVaultException(
        () -> vault.revokeUser(admin, "admin"),
        ErrorCode.POLICY_REFUSED,
        "the built-in admin cannot be revoked");
    assertThat(vault.admin().revokedAt()).isNull();
  }

  @Test
  void revoke_alreadyRevoked_isRefused() {
    var unusedUser = vault.addUser(admin, "dev1", Role.DEVELOPER, "acme", null);
    var unusedRevoked = vault.revokeUser(admin, "dev1");

    assertVaultException(
        () -> vault.revokeUser(admin, "dev1"),
        ErrorCode.USER_ERROR,
        "user dev1 is already revoked");
  }

  @Test
  void revoke_otherTenantsDeveloperByTenantAdmin_isTheSameNotFoundAsAMissingUser() {
    Principal acmeAdmin = tenantAdmin("acme");
    VaultException missing =
        assertVaultException(
            () -> vault.revokeUser(acmeAdmin, "beta-dev"),
            ErrorCode.NOT_FOUND,
            "user beta-dev not found");
    Token betaToken = vault.addUser(admin, "beta-dev", Role.DEVELOPER, "beta", null).token();

    assertVaultException(
        () -> vault.revokeUser(acmeAdmin, "beta-dev"), missing.code(), missing.getMessage());

    assertThat(vault.authenticate(betaToken).name()).isEqualTo("beta-dev");
  }

  @Test
  void users_listedByTenantAdmin_areThoseOfItsTenantOnly() {
    Principal acmeAdmin = tenantAdmin("acme");
    var unusedAcmeDev = vault.addUser(admin, "acme-dev", Role.DEVELOPER, "acme", null);
    var unusedBetaDev = vault.addUser(admin, "beta-dev", Role.DEVELOPER, "beta", null);

    List<Principal> users = vault.users(acmeAdmin);

    assertThat(users).extracting(Principal::name).containsExactly("acme-admin", "acme-dev");
  }

  // --- helpers ---

  private Path vaultDir() {
    return temp.resolve("vault");
  }

  private Principal tenantAdmin(String tenant) {
    return vault.addUser(admin, tenant + "-admin", Role.TENANT_ADMIN, tenant, null).principal();
  }

  private LogRecord lastRecord() {
    return vault.log().entry(vault.log().size()).orElseThrow().record();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
