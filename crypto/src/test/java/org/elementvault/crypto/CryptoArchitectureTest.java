package org.elementvault.crypto;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Package rules of the crypto module (STYLE.md 2.1): what crypto may depend on, who may call a
 * nonce-taking cipher, and who may see raw key bytes.
 */
class CryptoArchitectureTest {

  private static final String CRYPTO = "org.elementvault.crypto..";

  /** The module's production classes. Jars are not imported: scanning them is slow. */
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.elementvault");

  /** Production and test classes: the rules about callers hold for test code too. */
  private static final JavaClasses MAIN_AND_TESTS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("org.elementvault");

  private static final DescribedPredicate<JavaClass> CRYPTO_MAIN_CODE =
      DescribedPredicate.describe(
          "are production classes in " + CRYPTO,
          javaClass ->
              MAIN.contain(javaClass.getName())
                  && javaClass.getPackageName().startsWith("org.elementvault.crypto"));

  @Test
  void cryptoClasses_dependOnlyOnJdkBouncyCastleAndAnnotations() {
    classes()
        .that()
        .resideInAPackage(CRYPTO)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "javax..",
            "org.bouncycastle..",
            "org.jspecify..",
            "com.google.errorprone..",
            CRYPTO)
        .check(MAIN);
  }

  /** A caller that picks a GCM nonce can repeat it; only the sealing layer draws them. */
  @Test
  void insecureNonceCiphers_areOnlyAccessedFromSuiteAndInternal() {
    classes()
        .that()
        .haveSimpleNameStartingWith("InsecureNonce")
        .should()
        .onlyBeAccessed()
        .byAnyPackage("org.elementvault.crypto.suite..", "org.elementvault.crypto.internal..")
        .check(MAIN_AND_TESTS);
  }

  /** Tests observe keys through behaviour and {@code equals}, never through their bytes. */
  @Test
  void exposeSecretBytes_isOnlyCalledFromCryptoProductionCode() {
    methods()
        .that()
        .areDeclaredIn(KeyMaterial.class)
        .and()
        .haveName("exposeSecretBytes")
        .should()
        .onlyBeCalled()
        .byClassesThat(CRYPTO_MAIN_CODE)
        .check(MAIN_AND_TESTS);
  }
}
