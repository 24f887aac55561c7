package org.elementvault.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.elementvault.sandbox.compile.Compilation;
import org.elementvault.sandbox.exec.Executor;
import org.elementvault.sandbox.exec.JobLimits;
import org.junit.jupiter.api.Test;

/**
 * The one path to a released result is {@link Compilation#run}, under the release protection: no
 * production class of any module (this one sees them all) reaches the exact, unprotected results
 * that exist for differential tests of the executors.
 */
class ReleasePathArchitectureTest {

  private static final ImportOption PRODUCTION =
      location ->
          !location.contains("/test-classes/")
              && !location.contains("-tests.jar")
              && ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location);

  @Test
  void exactResults_areReachedByNoProductionClass() {
    JavaClasses production =
        new ClassFileImporter().withImportOption(PRODUCTION).importPackages("org.elementvault");

    noClasses()
        .should()
        .callMethod(
            Compilation.class,
            "runExactForDifferentialTests",
            int.class,
            Executor.class,
            JobLimits.class)
        .check(production);
  }
}
