package org.elementvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import org.elementvault.engine.result.ReleaseSummary;
import org.elementvault.sandbox.element.Element;
import org.elementvault.sandbox.element.ElementState;
import org.elementvault.sandbox.element.ReleaseReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release review's report through the sandbox, on a real vault with 1,000 residents. */
class ReleaseReviewTest {

  private static final String QUERY =
      "SELECT district, COUNT(DISTINCT id_card) AS people FROM residents GROUP BY district";

  @TempDir Path dir;

  private TestingSandbox testing;
  private Sandbox sandbox;

  @BeforeEach
  void importResidents() {
    testing = new TestingSandbox(dir);
    var unused = testing.importCsv("residents", ResidentRows.SCHEMA, ResidentRows.csv(1000, 51));
    sandbox = new Sandbox(testing.vault());
  }

  @AfterEach
  void close() {
    testing.close();
  }

  @Test
  void releaseReport_inReleaseReview_showsRunsAndShapesFromTheLedger() {
    Element element = sandbox.submit(testing.dev(), SandboxSpecs.spec("by-district", QUERY, 10));
    element = sandbox.review(testing.vault().admin(), element.id(), true, "fit for purpose");
    Sandbox.Job sample = sandbox.run(testing.dev(), element.id(), true);
    Sandbox.Job real = sandbox.run(testing.dev(), element.id(), false);
    element = sandbox.release(testing.dev(), element.id());

    ReleaseReport report = sandbox.releaseReport(testing.vault().admin(), element.id());

    assertThat(report.state()).isEqualTo(ElementState.RELEASE_REVIEW);
    assertThat(report.realRuns()).isEqualTo(1);
    assertThat(report.releasedRows()).isEqualTo(real.result().rows().size());
    assertThat(report.releases())
        .extracting(ReleaseSummary::jobId, ReleaseSummary::aggregate)
        .containsExactlyInAnyOrder(tuple(sample.jobId(), false), tuple(real.jobId(), true));
    ReleaseSummary shaped =
        report.releases().stream().filter(ReleaseSummary::aggregate).findFirst().orElseThrow();
    assertThat(shaped.groupColumns()).hasSize(1);
    assertThat(shaped.releasedGroups()).isEqualTo(real.result().rows().size());
    assertThat(report.toString()).doesNotContain(QUERY);
  }
}
