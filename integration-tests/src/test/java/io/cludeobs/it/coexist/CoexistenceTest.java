package io.cludeobs.it.coexist;

import static io.cludeobs.it.coexist.CoexistRuns.APP_RESULTS;
import static io.cludeobs.it.coexist.CoexistRuns.CLUDE_TREE;
import static io.cludeobs.it.coexist.CoexistRuns.assertExactMetrics;
import static io.cludeobs.it.coexist.CoexistRuns.coexistApp;
import static io.cludeobs.it.coexist.CoexistRuns.stdoutLines;
import static io.cludeobs.it.coexist.CoexistRuns.tree;
import static io.cludeobs.it.coexist.CoexistRuns.unexpectedStderr;
import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An app with its own OpenTelemetry SDK, Byte Buddy agent, OSHI/JNA, Jackson and OkHttp, each another version than
 * clude-obs's, gets the right results from all of them while clude-obs records exactly its spans and metrics.
 */
class CoexistenceTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void appLibrariesAndTheAgentBothWork(String jdk) {
    Jvm.Builder app = coexistApp(Jdks.resolve(jdk)).sysProp("clude.obs.metrics.collection_interval", "500ms");
    Jvm.Result run = app.run(Duration.ofSeconds(90));

    run.assertExitCode(0);
    assertThat(stdoutLines(run)).containsExactly(APP_RESULTS);
    assertThat(unexpectedStderr(run.stderr())).isEmpty();

    // the app's span is the root of its own trace; clude-obs's task is not under it, and the app's SDK saw none of
    // clude-obs's spans (the app's exporter lists exactly its own two)
    assertThat(tree(OtlpJson.readTraceFiles(run.dataDir().resolve("traces")))).isEqualTo(CLUDE_TREE);
    assertExactMetrics(OtlpJson.readMetricFiles(run.dataDir().resolve("metrics")));
  }
}
