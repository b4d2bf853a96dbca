package io.cludeobs.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a process over a store that two sample-app JVMs wrote at once through the real agent. */
class StoreCliTest {

  // The sample app's pointcuts, as io.cludeobs.it.SampleRuns gives them (package-private there).
  private static final String TASK = "com.acme.app.Agent#handle";
  private static final String LLM = "com.acme.app.llm.LlmClient+#complete";
  private static final String TOOL = "com.acme.app.tools.AgentTool+#execute(..);@com.acme.app.tools.Tool";
  private static final String SPAN = "com.acme.app.Planner#plan(int); com.acme.app.Cache#lookup(java.lang.String)";

  /** One task of SampleApp: 8 spans, 2 LLM calls of 10/5 and 20/7 tokens, 3 tool calls of which one fails. */
  private static final String ROW =
      "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  invoke_agent Agent\\.handle +[0-9.]+ (ms|s|µs) +8 +2 +30/12 +3 +1  [0-9a-f]{32}";

  @TempDir Path dataDir;

  private static Jvm.Builder app(Path dataDir, int tasks) {
    return Jvm.builder()
        .mainClass("com.acme.app.SampleApp")
        .args(Integer.toString(tasks))
        .dataDir(dataDir)
        .sysProp("clude.obs.pointcuts.task", TASK)
        .sysProp("clude.obs.pointcuts.llm", LLM)
        .sysProp("clude.obs.pointcuts.tool", TOOL)
        .sysProp("clude.obs.pointcuts.span", SPAN);
  }

  private static Jvm.Result cli(String... args) {
    return Jvm.builder()
        .noAgent()
        .classpath(System.getProperty("clude.it.agentJar"))
        .mainClass("io.cludeobs.agent.cli.Main")
        .args(args)
        .run(Duration.ofSeconds(60));
  }

  @Test
  void listsShowsAndCleansAStoreWrittenByTwoJvmsAtOnce() throws Exception {
    Path traces = dataDir.resolve("traces");
    Files.createDirectories(traces);
    Path stale = traces.resolve("traces-20200101T000000-1.jsonl");
    Files.write(stale, "{}\n".getBytes());
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(30, ChronoUnit.DAYS)));

    try (Jvm.Running first = app(dataDir, 4).start();
        Jvm.Running second = app(dataDir, 6).start()) {
      first.awaitExit(Duration.ofSeconds(60)).assertExitCode(0);
      second.awaitExit(Duration.ofSeconds(60)).assertExitCode(0);
    }
    // The agent applied metrics.retention_days=7 itself, in the background at start-up.
    assertThat(Files.exists(stale)).isFalse();
    try (Stream<Path> files = Files.list(traces)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
      assertThat(names).hasSize(4).allMatch(n -> n.matches("traces-\\d{8}T\\d{6}-\\d+\\.(jsonl|idx)"));
    }

    Jvm.Result list = cli("traces", "list", "--data-dir", dataDir.toString(), "--limit", "100");
    list.assertExitCode(0);
    List<String> lines = Arrays.asList(list.stdout().split("\n"));
    assertThat(lines.get(0))
        .matches("START +ROOT +DURATION  SPANS  LLM  TOKENS IN/OUT  TOOLS  ERRORS  TRACE ID");
    assertThat(lines.subList(1, lines.size())).hasSize(10).allMatch(l -> l.matches(ROW));
    assertThat(list.stderr()).isEqualTo("10 of 10 matching traces shown; 10 traces, 80 spans in 2 trace files under " + dataDir + "\n");

    Jvm.Result seedSpelling =
        cli("observability", "traces", "list", "--data-dir", dataDir.toString(), "--limit", "3", "--status", "error", "--category", "tool");
    seedSpelling.assertExitCode(0);
    assertThat(seedSpelling.stdout().split("\n")).hasSize(4);
    Jvm.Result none = cli("traces", "list", "--data-dir", dataDir.toString(), "--status", "ok");
    none.assertExitCode(0);
    assertThat(none.stdout().split("\n")).hasSize(1);

    String id = lines.get(1).substring(lines.get(1).length() - 32);
    Jvm.Result show = cli("traces", "show", id, "--data-dir", dataDir.toString(), "--width", "120");
    show.assertExitCode(0);
    List<String> spans =
        Arrays.stream(show.stdout().split("\n"))
            .skip(2)
            .map(l -> l.substring(23, l.indexOf('|')).trim())
            .collect(Collectors.toList());
    assertThat(spans)
        .containsExactly(
            "invoke_agent Agent.handle",
            "├─ chat acme-model-1",
            "├─ execute_tool read",
            "│  └─ Cache.lookup",
            "├─ execute_tool web_search",
            "├─ execute_tool execute",
            "├─ Planner.plan",
            "└─ chat acme-model-1");
    assertThat(show.stdout()).contains("model=acme-model-1 tokens=10/5").contains("error=java.lang.IllegalStateException");

    Jvm.Result unknown = cli("traces", "show", "0123456789abcdef0123456789abcdef", "--data-dir", dataDir.toString());
    unknown.assertExitCode(1);
    assertThat(unknown.stderr()).hasLineCount(1).contains("not found in 2 trace files");
    Jvm.Result badDuration = cli("cleanup", "--retention", "7x", "--data-dir", dataDir.toString());
    badDuration.assertExitCode(2);
    assertThat(badDuration.stderr()).hasLineCount(1).startsWith("clude-obs cleanup: --retention '7x' is not a duration");

    Jvm.Result dryRun = cli("cleanup", "--retention", "1s", "--dry-run", "--data-dir", dataDir.toString());
    dryRun.assertExitCode(0);
    // Everything was written within the last minute: in use, so kept.
    assertThat(dryRun.stdout()).startsWith("nothing to delete; kept ");
  }
}
