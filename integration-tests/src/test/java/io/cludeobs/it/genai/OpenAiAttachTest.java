package io.cludeobs.it.genai;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.SpanTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Attached after openai-java's chat service class is loaded, the agent retransforms it. */
class OpenAiAttachTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.cludeobs.it.support.Jdks#required")
  void attachWeavesAlreadyLoadedServices(String jdk, @TempDir Path tmp) throws Exception {
    Path go = tmp.resolve("go");
    Path agentJar = Path.of(System.getProperty("clude.it.agentJar"));
    try (OpenAiWireServer server = OpenAiWireServer.start();
        Jvm.Running app =
            OpenAiRuns.agent(Jdks.resolve(jdk), server).noAgent().args(go.toString()).start()) {
      app.awaitStdoutLine("ready", Duration.ofSeconds(60));

      VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
      try {
        vm.loadAgent(
            agentJar.toString(),
            String.join(
                "|",
                "data_dir=" + app.dataDir(),
                "pointcuts.task=" + OpenAiRuns.TASK,
                "pointcuts.tool=" + OpenAiRuns.TOOL,
                "metrics.jvm=false",
                "metrics.system=false"));
      } finally {
        vm.detach();
      }
      Files.createFile(go);
      Jvm.Result result = app.awaitExit(Duration.ofSeconds(120));
      result.assertExitCode(0);
      assertThat(result.stdout()).contains(OpenAiJavaTest.ANSWER);

      // the warm-up call before the attach left nothing; the turn after it is complete
      assertThat(SpanTree.render(OtlpJson.readTraceFiles(app.dataDir().resolve("traces")), OpenAiJavaTest.KEYS))
          .isEqualTo(OpenAiJavaTest.TREE);
    }
  }
}
