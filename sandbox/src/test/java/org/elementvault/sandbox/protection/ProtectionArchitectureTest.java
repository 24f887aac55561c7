package org.elementvault.sandbox.protection;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.stream.Stream;
import org.elementvault.crypto.KeyMaterial;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the release-protection mechanisms may depend on, enforced on their compiled classes. */
class ProtectionArchitectureTest {

  private static JavaClasses protection;

  @BeforeAll
  static void importProtection() {
    protection =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.elementvault.sandbox.protection");
  }

  @Test
  void protection_dependsOnlyOnTheJdkAndCryptoConcepts() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "javax.security.auth..",
            "org.elementvault.crypto",
            "org.elementvault.sandbox.protection..",
            "org.jspecify.annotations..",
            "com.google.errorprone.annotations..")
        .check(protection);
  }

  /** Samples come from exact integer arithmetic: no double may decide a noise value. */
  @Test
  void protection_neverComputesWithFloatingPoint() {
    DescribedPredicate<JavaMethodCall> floatingPoint =
        describe(
            "a method taking or returning double or float",
            call ->
                Stream.concat(
                        call.getTarget().getRawParameterTypes().stream(),
                        Stream.of(call.getTarget().getRawReturnType()))
                    .anyMatch(ProtectionArchitectureTest::isFloatingPoint));

    noClasses().should().callMethodWhere(floatingPoint).check(protection);
    noFields()
        .should()
        .haveRawType(double.class)
        .orShould()
        .haveRawType(float.class)
        .check(protection);
    noMethods()
        .should()
        .haveRawReturnType(double.class)
        .orShould()
        .haveRawReturnType(float.class)
        .check(protection);
  }

  private static boolean isFloatingPoint(JavaClass type) {
    return type.isEquivalentTo(double.class) || type.isEquivalentTo(float.class);
  }

  @Test
  void secretKeyBytes_areNeverExposed() {
    noClasses().should().callMethod(KeyMaterial.class, "exposeSecretBytes").check(protection);
  }
}
