package io.cludeobs.it;

import static io.cludeobs.it.SampleRuns.ONE_TASK_TREE;
import static io.cludeobs.it.SampleRuns.agentLines;
import static io.cludeobs.it.SampleRuns.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** agentmain: attached to a running app, the agent retransforms classes that are already loaded. */
class RuntimeAttachTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void attachWeavesLoadedClasses(String jdk, @TempDir Path tmp) throws Exception {
    Path go = tmp.resolve("go");
    Path agentJar = Path.of(System.getProperty("clude.it.agentJar"));
    try (Jvm.Running app =
        Jvm.builder().jdk(Jdks.resolve(jdk)).noAgent().mainClass("com.acme.app.AttachApp").args(go.toString()).start()) {
      app.awaitStdoutLine("ready", Duration.ofSeconds(30));

      VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
      try {
        vm.loadAgent(
            agentJar.toString(),
            String.join(
                "|",
                "data_dir=" + app.dataDir(),
                "pointcuts.task=" + SampleRuns.TASK,
                "pointcuts.llm=" + SampleRuns.LLM,
                "pointcuts.tool=" + SampleRuns.TOOL,
                "pointcuts.span=" + SampleRuns.SPAN));
      } finally {
        vm.detach();
      }
      Files.createFile(go);
      Jvm.Result result = app.awaitExit(Duration.ofSeconds(60));
      result.assertExitCode(0);
      assertThat(result.stdout()).contains("attach-app done");
      assertThat(agentLines(result.stderr())).isEmpty();

      // the task before the attach left nothing; the one after is complete
      List<Span> spans = OtlpJson.readTraceFiles(app.dataDir().resolve("traces"));
      assertThat(tree(spans)).isEqualTo(ONE_TASK_TREE);
    }
  }
}
