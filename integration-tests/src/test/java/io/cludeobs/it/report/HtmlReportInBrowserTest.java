package io.cludeobs.it.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real agent run (the sample app under the agent, with a JDK Flight Recorder profile beside its
 * store) opened in Debian's headless Chromium: no script error, and every chart, waterfall and the flame graph
 * drew what the report's data holds. The report and a screenshot stay under {@code target/report-it/}.
 */
class HtmlReportInBrowserTest {

  // The sample app's pointcuts, as io.cludeobs.it.SampleRuns gives them (package-private there).
  private static final String TASK = "com.acme.app.Agent#handle";
  private static final String LLM = "com.acme.app.llm.LlmClient+#complete";
  private static final String TOOL = "com.acme.app.tools.AgentTool+#execute(..);@com.acme.app.tools.Tool";
  private static final String SPAN = "com.acme.app.Planner#plan(int); com.acme.app.Cache#lookup(java.lang.String)";
  private static final int TASKS = 300;

  private static final Path ARTIFACTS = Paths.get("target", "report-it").toAbsolutePath();

  @TempDir static Path dataDir;
  @TempDir static Path browserProfile;

  static Path chromium;
  static Path report;
  static JsonObject data;

  @BeforeAll
  static void runTheAppAndWriteTheReport() throws Exception {
    chromium = findChromium();
    Jvm.builder()
        .mainClass("com.acme.app.SampleApp")
        .args(Integer.toString(TASKS))
        .dataDir(dataDir)
        .sysProp("clude.obs.pointcuts.task", TASK)
        .sysProp("clude.obs.pointcuts.llm", LLM)
        .sysProp("clude.obs.pointcuts.tool", TOOL)
        .sysProp("clude.obs.pointcuts.span", SPAN)
        .sysProp("clude.obs.tracing.queue_size", "16384")
        // the agent's own profiler, sampling more often than its defaults so that a short run has samples in tools
        .sysProp("clude.obs.profiling_enabled", "true")
        .sysProp("clude.obs.profiling.cpu_interval", "10ms")
        .sysProp("clude.obs.profiling.allocation_rate", "1000")
        .sysProp("acme.read.work.micros", "2000")
        .run(Duration.ofSeconds(90))
        .assertExitCode(0);

    Files.createDirectories(ARTIFACTS);
    report = ARTIFACTS.resolve("report.html");
    Jvm.Result cli =
        Jvm.builder()
            .noAgent()
            .classpath(System.getProperty("clude.it.agentJar"))
            .mainClass("io.cludeobs.agent.cli.Main")
            .args("profile", "report", "--last", "1h", "--data-dir", dataDir.toString(), "--out", report.toString(),
                "--price", "acme-model-*=3/15")
            .run(Duration.ofSeconds(90));
    cli.assertExitCode(0);
    assertThat(cli.stdout()).startsWith("wrote " + report + ": ");
    data = embeddedData(new String(Files.readAllBytes(report), StandardCharsets.UTF_8));
  }

  private static Path findChromium() {
    for (String candidate : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
      if (Files.isExecutable(Paths.get(candidate))) {
        return Paths.get(candidate);
      }
    }
    String message = "Debian's chromium is not installed (no /usr/bin/chromium); install it with 'apt-get install -y chromium'";
    if ("true".equals(System.getenv("CI"))) {
      fail(message + " - .ci/run does that before the build, check its output");
    }
    Assumptions.abort(message + " to run this browser test");
    return null;
  }

  private static JsonObject embeddedData(String html) {
    Matcher m = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
    assertThat(m.find()).as("report data element").isTrue();
    return JsonParser.parseString(m.group(1)).getAsJsonObject();
  }

  private static String chromium(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(chromium.toString());
    command.addAll(
        Arrays.asList(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars",
            "--user-data-dir=" + Files.createTempDirectory(browserProfile, "profile")));
    command.addAll(Arrays.asList(args));
    command.add(report.toUri().toString());
    File stdout = Files.createTempFile(browserProfile, "out", ".txt").toFile();
    File stderr = Files.createTempFile(browserProfile, "err", ".txt").toFile();
    Process p = new ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr).start();
    try {
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        fail("chromium still running after 90 s: " + command);
      }
      String err = new String(Files.readAllBytes(stderr.toPath()), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("chromium exit code; stderr:\n%s", err).isZero();
      return new String(Files.readAllBytes(stdout.toPath()), StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void drawsEveryChartWaterfallAndTheFlameGraphWithoutScriptErrors() throws Exception {
    String dom = chromium("--dump-dom", "--virtual-time-budget=5000");
    Matcher m = Pattern.compile("<pre id=\"selftest\"[^>]*>(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    assertThat(m.find()).as("the report's script ran and wrote its self-test; DOM:\n%s", dom).isTrue();
    String text = m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    JsonObject selftest = JsonParser.parseString(text).getAsJsonObject();
    assertThat(selftest.getAsJsonArray("errors")).as("JavaScript errors").isEmpty();
    JsonObject drawn = selftest.getAsJsonObject("drawn");

    // The summary against the store read independently (the agent may drop spans when its export queue is full).
    long tasks = 0;
    long llm = 0;
    long tools = 0;
    long failedTools = 0;
    long input = 0;
    long output = 0;
    for (Span span : OtlpJson.readTraceFiles(dataDir.resolve("traces"))) {
      Map<String, Object> attributes = SpanTree.attributes(span.getAttributesList());
      if (span.getName().startsWith("invoke_agent ")) {
        tasks++;
      } else if (span.getName().startsWith("chat ")) {
        llm++;
        input += ((Number) attributes.get("gen_ai.usage.input_tokens")).longValue();
        output += ((Number) attributes.get("gen_ai.usage.output_tokens")).longValue();
      } else if (span.getName().startsWith("execute_tool ")) {
        tools++;
        failedTools += span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR ? 1 : 0;
      }
    }
    JsonObject summary = data.getAsJsonObject("summary");
    assertThat(tasks).isGreaterThan(TASKS / 2);
    assertThat(summary.get("tasks").getAsLong()).isEqualTo(tasks);
    assertThat(summary.get("llmCalls").getAsLong()).isEqualTo(llm);
    assertThat(summary.get("toolCalls").getAsLong()).isEqualTo(tools);
    assertThat(summary.get("failedToolCalls").getAsLong()).isEqualTo(failedTools);
    assertThat(summary.get("inputTokens").getAsLong()).isEqualTo(input);
    assertThat(summary.get("outputTokens").getAsLong()).isEqualTo(output);

    // Each category: three percentile lines, a dot per window each, and a path per line once there are two windows.
    long latency = 0;
    for (JsonElement series : data.getAsJsonArray("latency")) {
      int points = series.getAsJsonObject().getAsJsonArray("points").size();
      latency += 3L * points + (points > 1 ? 3 : 0);
    }
    assertThat(data.getAsJsonArray("latency")).hasSize(4);
    assertThat(count(drawn, "latency")).isEqualTo(latency).isPositive();

    // Tokens: two stacked bars per window, a cost dot per window and a cost line once there are two windows.
    int windows = data.getAsJsonObject("tokens").getAsJsonArray("points").size();
    assertThat(count(drawn, "tokens")).isEqualTo(3L * windows + (windows > 1 ? 1 : 0)).isPositive();
    assertThat(count(drawn, "models")).isEqualTo(2);

    // Tools: read and web_search always succeed (one bar each), execute always fails (one bar).
    List<String> toolNames = new ArrayList<>();
    for (JsonElement t : data.getAsJsonArray("tools")) {
      toolNames.add(t.getAsJsonObject().get("name").getAsString());
    }
    assertThat(toolNames).containsExactly("execute", "read", "web_search");
    assertThat(count(drawn, "tools")).isEqualTo(3);

    long spans = 0;
    for (JsonElement w : data.getAsJsonArray("waterfalls")) {
      spans += w.getAsJsonObject().getAsJsonArray("spans").size();
    }
    assertThat(data.getAsJsonArray("waterfalls")).hasSize(5);
    assertThat(count(drawn, "waterfall")).isEqualTo(spans).isGreaterThanOrEqualTo(5 * 7);

    // The first flame graph (CPU, all samples): one rectangle per frame wide enough to see, the root included.
    JsonObject cpu = data.getAsJsonArray("flameGraphs").get(0).getAsJsonObject();
    assertThat(cpu.get("kind").getAsString()).isEqualTo("cpu");
    Set<String> frames = new HashSet<>();
    for (String stack : cpu.getAsJsonObject("stacks").keySet()) {
      for (int i = stack.indexOf(';'); i >= 0; i = stack.indexOf(';', i + 1)) {
        frames.add(stack.substring(0, i));
      }
      frames.add(stack);
    }
    assertThat(count(drawn, "flame")).isGreaterThan(1).isLessThanOrEqualTo(frames.size() + 1);
    assertThat(dom).contains("class=\"flame\"").contains("<option value=\"1\">allocation · all samples");
    // Linked to spans: flame graphs of the slowest traces and of the read tool (the one that works on the CPU), and
    // its row in the per-tool resource table has CPU samples.
    Set<String> scopes = new HashSet<>();
    for (JsonElement f : data.getAsJsonArray("flameGraphs")) {
      JsonObject g = f.getAsJsonObject();
      scopes.add(g.get("kind").getAsString() + " " + g.get("scope").getAsString() + " " + g.get("label").getAsString());
    }
    assertThat(scopes).contains("cpu tool tool read", "allocation tool tool read");
    // the slowest traces come first in the run and may hold no CPU sample; each allocates
    assertThat(scopes).anyMatch(s -> s.startsWith("allocation trace trace "));
    assertThat(dom).contains(">CPU · tool read · ");
    JsonObject read = null;
    for (JsonElement t : data.getAsJsonArray("tools")) {
      if (t.getAsJsonObject().get("name").getAsString().equals("read")) {
        read = t.getAsJsonObject();
      }
    }
    assertThat(read).isNotNull();
    assertThat(read.getAsJsonObject("resources").get("cpu_samples").getAsLong()).isPositive();
    assertThat(read.getAsJsonObject("resources").get("alloc_bytes").getAsLong()).isPositive();

    assertThat(dom).contains("Bottleneck findings").contains("Resources per tool").contains("acme-model-1");
  }

  private static long count(JsonObject drawn, String section) {
    JsonElement n = drawn.get(section);
    return n == null ? 0 : n.getAsLong();
  }

  @Test
  void savesAScreenshot() throws Exception {
    Path png = ARTIFACTS.resolve("report.png");
    Files.deleteIfExists(png);
    chromium("--screenshot=" + png, "--window-size=1400,3000", "--virtual-time-budget=5000");
    byte[] bytes = Files.readAllBytes(png);
    assertThat(Arrays.copyOf(bytes, 8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    // A blank 1400 × 3000 page compresses to a few KiB; the drawn report does not.
    assertThat(bytes.length).isGreaterThan(100_000);
  }
}
