package io.cludeobs.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.FaultyCollector;
import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpReceiver.Protocol;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** How the fault tests launch FaultsApp and read what it and the agent printed. */
final class FaultRuns {

  static final String TASK = "com.acme.app.Agent#handle";
  static final String LLM = "com.acme.app.llm.LlmClient+#complete";
  static final String TOOL = "com.acme.app.tools.AgentTool+#execute(..);@com.acme.app.tools.Tool";
  static final String SPAN =
      "com.acme.app.Planner#plan(int); com.acme.app.Cache#lookup(java.lang.String);"
          + " com.acme.faults.FaultsApp#afterRecovery(int)";

  private static final Pattern STACKS = Pattern.compile("faults-app stack-samples (\\d+) in-export (\\d+) first (\\S+)");

  private FaultRuns() {}

  /** FaultsApp with the pointcuts set and nothing but the local store configured. */
  static Jvm.Builder faultsApp(String... args) {
    return Jvm.builder()
        .jdk(Jdks.current())
        .mainClass("com.acme.faults.FaultsApp")
        .args(args)
        .sysProp("clude.obs.pointcuts.task", TASK)
        .sysProp("clude.obs.pointcuts.llm", LLM)
        .sysProp("clude.obs.pointcuts.tool", TOOL)
        .sysProp("clude.obs.pointcuts.span", SPAN);
  }

  /** FaultsApp exporting traces to {@code collector} and keeping metrics, the agent's self-metrics among them, on disk. */
  static Jvm.Builder faultsApp(FaultyCollector collector, Protocol protocol, Path tmp, String... args) {
    return faultsApp(args)
        .dataDir(tmp.resolve("data"))
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint())
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol == Protocol.GRPC ? "grpc" : "http/protobuf")
        .sysProp("clude.obs.tracing.exporter", "otlp")
        .sysProp("clude.obs.metrics.storage_backend", "file");
  }

  /** The app sampled its own threads' stacks and never saw one in the agent's export or network code. */
  static void assertNoAppThreadWasInExportCode(Jvm.Result run) {
    Matcher m = STACKS.matcher(run.stdout());
    assertThat(m.find()).as(run.toString()).isTrue();
    assertThat(Long.parseLong(m.group(1))).as("stack samples of app threads").isPositive();
    assertThat(Long.parseLong(m.group(2))).as("samples in export code, first: " + m.group(3)).isZero();
  }

  /** The agent's stderr lines containing {@code text}. */
  static List<String> agentLines(Jvm.Result run, String text) {
    return run.stderr().lines().filter(l -> l.startsWith("clude-obs:") && l.contains(text)).collect(Collectors.toList());
  }
}
