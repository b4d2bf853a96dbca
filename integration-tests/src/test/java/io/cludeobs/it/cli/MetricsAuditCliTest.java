package io.cludeobs.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.cludeobs.it.support.Jvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metrics status} and {@code audit list|verify} as processes over a store the real agent wrote. */
class MetricsAuditCliTest {

  private static final String TASK = "com.acme.app.Agent#handle";
  private static final String LLM = "com.acme.app.llm.LlmClient+#complete";
  private static final String TOOL = "com.acme.app.tools.AgentTool+#execute(..);@com.acme.app.tools.Tool";
  private static final String SPAN = "com.acme.app.Planner#plan(int); com.acme.app.Cache#lookup(java.lang.String)";
  private static final String DURATION = "[0-9.]+ (s|ms|µs)";

  @TempDir Path dataDir;

  private static Jvm.Result cli(String... args) {
    return Jvm.builder()
        .noAgent()
        .classpath(System.getProperty("clude.it.agentJar"))
        .mainClass("io.cludeobs.agent.cli.Main")
        .args(args)
        .run(Duration.ofSeconds(60));
  }

  /** The lines of one titled table of {@code metrics status}, header first. */
  private static List<String> table(String stdout, String title) {
    List<String> lines = Arrays.asList(stdout.split("\n"));
    int start = lines.indexOf(title);
    assertThat(start).as("table %s in%n%s", title, stdout).isNotNegative();
    List<String> out = new ArrayList<>();
    for (int i = start + 1; i < lines.size() && !lines.get(i).isEmpty(); i++) {
      out.add(lines.get(i));
    }
    return out;
  }

  @Test
  void metricsStatusAndAuditOverThreeSampleTasks() throws Exception {
    Jvm.builder()
        .mainClass("com.acme.app.SampleApp")
        .args("3")
        .dataDir(dataDir)
        .sysProp("clude.obs.pointcuts.task", TASK)
        .sysProp("clude.obs.pointcuts.llm", LLM)
        .sysProp("clude.obs.pointcuts.tool", TOOL)
        .sysProp("clude.obs.pointcuts.span", SPAN)
        .run(Duration.ofSeconds(60))
        .assertExitCode(0);

    Jvm.Result status = cli("metrics", "status", "--data-dir", dataDir.toString(), "--window", "1h");
    status.assertExitCode(0);
    String stdout = status.stdout();
    assertThat(stdout.split("\n")[0])
        .matches("metrics of 1 process, newest reading \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d; last 1h = since .*");
    // one process that ran for seconds: the last hour holds everything, so both rows match
    assertThat(table(stdout, "LLM requests"))
        .hasSize(3)
        .satisfies(t -> assertThat(t.get(0)).matches("MODEL +PERIOD +REQUESTS +ERRORS +TOKENS IN +TOKENS OUT +P50 +P95"))
        .satisfies(t -> assertThat(t.get(1)).matches("acme-model-1 +total +6 +0 +90 +36 +" + DURATION + " +" + DURATION))
        .satisfies(t -> assertThat(t.get(2)).matches("acme-model-1 +last 1h +6 +0 +90 +36 +" + DURATION + " +" + DURATION));
    List<String> tools = table(stdout, "Tool calls");
    assertThat(tools.get(0)).matches("TOOL +PERIOD +CALLS +ERRORS +SUCCESS % +P50 +P95");
    assertThat(tools.subList(1, tools.size()).stream().map(l -> l.replaceAll("  +" + DURATION, "")).collect(Collectors.toList()))
        .extracting(l -> l.replaceAll(" +", " "))
        .containsExactly(
            "execute total 3 3 0.0",
            "execute last 1h 3 3 0.0",
            "read total 3 0 100.0",
            "read last 1h 3 0 100.0",
            "web_search total 3 0 100.0",
            "web_search last 1h 3 0 100.0");
    assertThat(table(stdout, "Tasks").subList(1, 3))
        .extracting(l -> l.replaceAll("  +" + DURATION, "").replaceAll(" +", " "))
        .containsExactly("com.acme.app.Agent.handle total 3 0 100.0", "com.acme.app.Agent.handle last 1h 3 0 100.0");
    assertThat(status.stderr()).isEmpty();

    Jvm.Result asJson = cli("metrics", "status", "--data-dir", dataDir.toString(), "--json");
    asJson.assertExitCode(0);
    JsonObject root = JsonParser.parseString(asJson.stdout()).getAsJsonObject();
    assertThat(root.get("window").getAsString()).isEqualTo("5m");
    Map<String, String> toolRows = new TreeMap<>();
    for (JsonElement element : root.getAsJsonArray("tool_calls")) {
      JsonObject row = element.getAsJsonObject();
      toolRows.put(
          row.get("tool").getAsString() + " " + row.get("period").getAsString(),
          row.get("calls").getAsLong() + "/" + row.get("errors").getAsLong() + "/" + row.get("success").getAsDouble());
      assertThat(row.get("p95").getAsDouble()).isGreaterThanOrEqualTo(row.get("p50").getAsDouble()).isPositive();
    }
    assertThat(toolRows)
        .containsExactly(
            Map.entry("execute last 5m", "3/3/0.0"),
            Map.entry("execute total", "3/3/0.0"),
            Map.entry("read last 5m", "3/0/100.0"),
            Map.entry("read total", "3/0/100.0"),
            Map.entry("web_search last 5m", "3/0/100.0"),
            Map.entry("web_search total", "3/0/100.0"));
    JsonObject llm = root.getAsJsonArray("llm_requests").get(0).getAsJsonObject();
    assertThat(llm.get("tokens_in").getAsLong()).isEqualTo(90);
    assertThat(llm.get("tokens_out").getAsLong()).isEqualTo(36);

    Jvm.Result badWindow = cli("metrics", "status", "--data-dir", dataDir.toString(), "--window", "7x");
    badWindow.assertExitCode(2);
    assertThat(badWindow.stderr()).isEqualTo("clude-obs status: --window '7x' is not a window; use 1m, 5m or 1h\n");

    // the audit log: one tool.call event per tool call, sampled or not
    Path auditFile;
    try (var files = Files.list(dataDir.resolve("audit"))) {
      List<Path> all = files.collect(Collectors.toList());
      assertThat(all).hasSize(1);
      auditFile = all.get(0);
    }
    String name = auditFile.getFileName().toString();
    Jvm.Result verify = cli("audit", "verify", "--data-dir", dataDir.toString());
    verify.assertExitCode(0);
    assertThat(verify.stdout()).isEqualTo("ok      " + name + "  9 lines\n");
    assertThat(verify.stderr()).isEqualTo("audit log intact: 9 lines in 1 files\n");

    Jvm.Result list = cli("audit", "list", "--data-dir", dataDir.toString(), "--limit", "4", "--event", "tool");
    list.assertExitCode(0);
    List<String> rows = Arrays.asList(list.stdout().split("\n"));
    assertThat(rows.get(0)).matches("TIME +EVENT +TOOL / PATH +RESULT +TRACE ID");
    assertThat(rows.subList(1, rows.size()))
        .hasSize(4)
        .allMatch(
            r -> r.matches(
                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}  tool\\.call  (read|web_search|execute) +"
                    + "(ok [0-9.]+ ms|error [0-9.]+ ms java\\.lang\\.IllegalStateException) +[0-9a-f]{32}"));
    assertThat(list.stderr()).isEqualTo("4 of 9 matching events shown; 9 events in 1 audit files\n");

    Jvm.Result events = cli("audit", "list", "--data-dir", dataDir.toString(), "--json", "--since", "1h");
    events.assertExitCode(0);
    Map<String, Long> byToolAndStatus = new TreeMap<>();
    for (JsonElement element : JsonParser.parseString(events.stdout()).getAsJsonArray()) {
      JsonObject e = element.getAsJsonObject();
      assertThat(e.get("event").getAsString()).isEqualTo("tool.call");
      byToolAndStatus.merge(e.get("tool").getAsString() + " " + e.get("status").getAsString(), 1L, Long::sum);
    }
    assertThat(byToolAndStatus).containsExactly(Map.entry("execute error", 3L), Map.entry("read ok", 3L), Map.entry("web_search ok", 3L));

    // tamper: change line 4, then verify names it
    List<String> lines = Files.readAllLines(auditFile);
    List<String> changed = new ArrayList<>(lines);
    changed.set(3, changed.get(3).replace("\"status\":\"ok\"", "\"status\":\"error\"").replace("\"status\":\"error\",\"error_type\"", "\"status\":\"ok\",\"error_type\""));
    assertThat(changed.get(3)).isNotEqualTo(lines.get(3));
    Files.write(auditFile, changed);
    Jvm.Result tampered = cli("audit", "verify", "--data-dir", dataDir.toString());
    tampered.assertExitCode(1);
    assertThat(tampered.stdout())
        .isEqualTo("BROKEN  " + name + " line 4: changed after it was written (line 5's prev hash does not match it)\n");
    assertThat(tampered.stderr()).isEqualTo("audit log tampered: 1 of 1 files broken under " + dataDir.resolve("audit") + "\n");

    // delete: line 6 goes missing
    List<String> removed = new ArrayList<>(lines);
    removed.remove(5);
    Files.write(auditFile, removed);
    Jvm.Result missing = cli("audit", "verify", "--data-dir", dataDir.toString());
    missing.assertExitCode(1);
    assertThat(missing.stdout())
        .isEqualTo("BROKEN  " + name + " line 6: seq 7 where 6 belongs: a line is missing or lines were reordered here\n");
  }
}
