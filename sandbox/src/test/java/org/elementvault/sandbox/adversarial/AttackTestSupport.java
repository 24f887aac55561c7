package org.elementvault.sandbox.adversarial;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One vault per test class: importing it is the slow part, and no attack changes it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AttackTestSupport {

  AttackFixture vault;

  @BeforeAll
  void openVault(@TempDir Path directory) {
    vault = new AttackFixture(directory);
  }

  @AfterAll
  void closeVault() {
    vault.close();
  }
}
