package io.cludeobs.it;

import static io.cludeobs.it.SampleRuns.ONE_TASK_TREE;
import static io.cludeobs.it.SampleRuns.sampleApp;
import static io.cludeobs.it.SampleRuns.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.OtlpReceiver;
import io.cludeobs.it.support.OtlpReceiver.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Several trace exporters at once, and the console exporter's one line per span. */
class ExportersTest {

  @Test
  void fileOtlpAndConsoleTogether() {
    try (OtlpReceiver receiver = OtlpReceiver.start(Protocol.HTTP_PROTOBUF)) {
      Jvm.Result run =
          sampleApp(Jdks.current(), "1")
              .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .sysProp("clude.obs.tracing.exporter", "file,otlp,console")
              .sysProp("clude.obs.metrics.storage_backend", "file")
              .run(Duration.ofSeconds(60));
      run.assertExitCode(0);

      assertThat(tree(receiver.awaitSpans(SampleRuns.SPANS_PER_TASK, Duration.ofSeconds(10)))).isEqualTo(ONE_TASK_TREE);
      assertThat(tree(OtlpJson.readTraceFiles(run.dataDir().resolve("traces")))).isEqualTo(ONE_TASK_TREE);
      // metrics went to the local store only, as storage_backend says
      assertThat(receiver.metricRequests()).isZero();
      assertThat(OtlpJson.readMetricFiles(run.dataDir().resolve("metrics"))).isNotEmpty();

      List<String> console =
          run.stderr().lines().filter(l -> l.startsWith("clude-obs span ")).collect(Collectors.toList());
      assertThat(console).hasSize(SampleRuns.SPANS_PER_TASK);
      assertThat(console)
          .anySatisfy(l -> assertThat(l).startsWith("clude-obs span 'execute_tool execute' trace=").contains(" ERROR"))
          .anySatisfy(l -> assertThat(l).startsWith("clude-obs span 'invoke_agent Agent.handle' trace=").contains(" parent=- "));
    }
  }

  @Test
  void exporterNoneExportsNoSpansButMetricsStillCount() {
    Jvm.Result run = sampleApp(Jdks.current(), "3").sysProp("clude.obs.tracing.exporter", "none").run(Duration.ofSeconds(60));
    run.assertExitCode(0);
    assertThat(run.dataDir().resolve("traces")).doesNotExist();
    ConfiguredPointcutsTest.assertExactMetricsForTasks(OtlpJson.readMetricFiles(run.dataDir().resolve("metrics")), 3);
  }
}
