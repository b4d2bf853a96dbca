package io.cludeobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry run: {@code java -jar clude-obs.jar pointcuts check}. */
class PointcutsCheckTest {

  private static Jvm.Builder cli(String... args) {
    return Jvm.builder()
        .noAgent()
        .classpath(System.getProperty("clude.it.agentJar"))
        .mainClass("io.cludeobs.agent.cli.Main")
        .args(args);
  }

  @Test
  void listsEveryMethodPerCategoryAndPointcut() {
    Jvm.Result run =
        cli(
                "pointcuts", "check",
                "--classpath", System.getProperty("clude.it.testClasses"),
                "-Dclude.obs.pointcuts.task=" + SampleRuns.TASK,
                "-Dclude.obs.pointcuts.llm=" + SampleRuns.LLM,
                "-Dclude.obs.pointcuts.tool=" + SampleRuns.TOOL,
                "-Dclude.obs.pointcuts.span=" + SampleRuns.SPAN)
            .run(Duration.ofSeconds(60));
    run.assertExitCode(0);
    assertThat(run.stdout())
        .isEqualTo(
            "task  com.acme.app.Agent#handle  (1 method)\n"
                + "    com.acme.app.Agent#handle(java.lang.String)\n"
                + "llm  com.acme.app.llm.LlmClient+#complete  (1 method)\n"
                + "    com.acme.app.llm.ScriptedLlm#complete(com.acme.app.llm.Request)\n"
                + "tool  com.acme.app.tools.AgentTool+#execute(..)  (2 methods)\n"
                + "    com.acme.app.tools.FailingTool#execute(com.acme.app.tools.ToolCall)\n"
                + "    com.acme.app.tools.ReadTool#execute(com.acme.app.tools.ToolCall)\n"
                + "tool  @com.acme.app.tools.Tool  (1 method)\n"
                + "    com.acme.app.tools.SearchTools#search(java.lang.String)\n"
                + "span  com.acme.app.Planner#plan(int)  (1 method)\n"
                + "    com.acme.app.Planner#plan(int)\n"
                + "span  com.acme.app.Cache#lookup(java.lang.String)  (1 method)\n"
                + "    com.acme.app.Cache#lookup(java.lang.String)\n"
                + "7 methods would be woven (budget 2000)\n");
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void aConfigurationErrorExitsNonZeroWithOneLine(@TempDir Path tmp) throws Exception {
    Path toml = Files.writeString(
        tmp.resolve("clude-obs.toml"),
        "[observability.pointcuts]\ntool = [\"com.acme..#\", \"com.acme.app.Planner#plan\"]\n");
    Jvm.Result run =
        cli("pointcuts", "check", "--classpath", System.getProperty("clude.it.testClasses"), "--config", toml.toString())
            .run(Duration.ofSeconds(60));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr().lines())
        .containsExactly(
            "clude-obs: clude.obs.pointcuts.tool: cannot parse pointcut 'com.acme..#' at column 12: expected a method"
                + " name or '*'; fix the expression (see docs/configuration.md#pointcuts)");
    assertThat(run.stdout())
        .isEqualTo(
            "tool  com.acme.app.Planner#plan  (1 method)\n"
                + "    com.acme.app.Planner#plan(int)\n"
                + "1 method would be woven (budget 2000)\n");
  }
}
