package org.elementvault.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Package rules inside the engine, enforced on its compiled classes. */
class EngineArchitectureTest {

  private static JavaClasses engine;

  @BeforeAll
  static void importEngine() {
    engine =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.elementvault.engine");
  }

  @Test
  void rocksDb_isUsedOnlyByTheStorePackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.elementvault.engine.store..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.rocksdb..")
        .check(engine);
  }

  @Test
  void engine_reachesCryptoOnlyThroughItsPublicConcepts() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.elementvault.crypto.internal..", "org.elementvault.crypto.suite..")
        .check(engine);
  }

  @Test
  void engine_knowsNothingOfSqlHttpOrTheCommandLine() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.calcite..",
            "io.netty..",
            "picocli..",
            "org.elementvault.sandbox..",
            "org.elementvault.server..",
            "org.elementvault.cli..")
        .check(engine);
  }

  @Test
  void secretKeyBytes_areNeverExposedInTheEngine() {
    noClasses()
        .should()
        .callMethod(org.elementvault.crypto.KeyMaterial.class, "exposeSecretBytes")
        .check(engine);
  }
}
