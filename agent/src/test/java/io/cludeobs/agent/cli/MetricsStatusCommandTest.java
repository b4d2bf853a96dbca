package io.cludeobs.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MetricsStatusCommandTest {

  private static final long T0 = 1_700_000_000_000_000_000L;
  private static final long MINUTE = 60_000_000_000L;
  private static final long T1 = T0 + 10 * MINUTE;

  @TempDir Path dataDir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  /** One OTLP-JSON export line of a process holding the given metrics. */
  private static String line(int pid, String... metrics) {
    return "{\"resourceMetrics\":[{\"resource\":{\"attributes\":["
        + "{\"key\":\"service.name\",\"value\":{\"stringValue\":\"app\"}},"
        + "{\"key\":\"process.pid\",\"value\":{\"intValue\":\"" + pid + "\"}}]},"
        + "\"scopeMetrics\":[{\"metrics\":[" + String.join(",", metrics) + "]}]}]}";
  }

  private static String attrs(String... kv) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < kv.length; i += 2) {
      b.append(i == 0 ? "" : ",").append("{\"key\":\"").append(kv[i]).append("\",\"value\":{\"stringValue\":\"")
          .append(kv[i + 1]).append("\"}}");
    }
    return b.append(']').toString();
  }

  /** A cumulative histogram with bounds 1 ms and 10 ms. */
  private static String histogram(String name, long time, long[] counts, double sum, String... kv) {
    long count = Arrays.stream(counts).sum();
    return "{\"name\":\"" + name + "\",\"histogram\":{\"aggregationTemporality\":2,\"dataPoints\":[{\"attributes\":"
        + attrs(kv) + ",\"startTimeUnixNano\":\"" + (T0 - MINUTE) + "\",\"timeUnixNano\":\"" + time
        + "\",\"count\":\"" + count + "\",\"sum\":" + sum + ",\"bucketCounts\":[\"" + counts[0] + "\",\"" + counts[1]
        + "\",\"" + counts[2] + "\"],\"explicitBounds\":[0.001,0.01]}]}}";
  }

  private static String counter(String name, long time, double value, String... kv) {
    return "{\"name\":\"" + name + "\",\"sum\":{\"aggregationTemporality\":2,\"isMonotonic\":true,\"dataPoints\":[{\"attributes\":"
        + attrs(kv) + ",\"startTimeUnixNano\":\"" + (T0 - MINUTE) + "\",\"timeUnixNano\":\"" + time + "\",\"asDouble\":"
        + value + "}]}}";
  }

  private void store() throws Exception {
    Path metrics = Files.createDirectories(dataDir.resolve("metrics"));
    Files.write(
        metrics.resolve("metrics-20231114T221320-1.jsonl"),
        Arrays.asList(
            line(1,
                histogram("clude.tool.duration", T0, new long[] {2, 0, 0}, 0.001, "gen_ai.tool.name", "read"),
                histogram("gen_ai.client.token.usage", T0, new long[] {0, 0, 1}, 100, "gen_ai.request.model", "m1", "gen_ai.token.type", "input"),
                counter("clude.gen_ai.cost", T0, 0.5, "gen_ai.request.model", "m1")),
            line(1,
                histogram("clude.tool.duration", T1, new long[] {2, 3, 0}, 0.016, "gen_ai.tool.name", "read"),
                histogram("clude.tool.duration", T1, new long[] {0, 1, 0}, 0.005, "gen_ai.tool.name", "read", "error.type", "java.io.IOException"),
                histogram("gen_ai.client.token.usage", T1, new long[] {0, 0, 2}, 160, "gen_ai.request.model", "m1", "gen_ai.token.type", "input"),
                histogram("gen_ai.client.operation.duration", T1, new long[] {0, 4, 0}, 0.02, "gen_ai.request.model", "m1"),
                counter("clude.gen_ai.cost", T1, 1.25, "gen_ai.request.model", "m1")),
            "{\"resourceMetrics\":[{\"half"));
    Files.write(
        metrics.resolve("metrics-20231114T222000-2.jsonl"),
        Arrays.asList(line(2, histogram("clude.tool.duration", T1 - MINUTE, new long[] {0, 0, 1}, 0.02, "gen_ai.tool.name", "read"))));
  }

  @Test
  void addsProcessesAndSubtractsTheReadingBeforeTheWindow() throws Exception {
    store();
    assertThat(run("metrics", "status", "--data-dir", dataDir.toString())).isZero();
    List<String> lines = Arrays.asList(out.toString().split("\n"));
    assertThat(lines.get(0)).startsWith("metrics of 2 processes, newest reading ");
    assertThat(lines.subList(lines.indexOf("LLM requests") + 1, lines.indexOf("LLM requests") + 4))
        .extracting(l -> l.replaceAll(" +", " "))
        .containsExactly(
            "MODEL PERIOD REQUESTS ERRORS TOKENS IN TOKENS OUT COST P50 P95",
            // four requests in (1 ms, 10 ms]: interpolated inside the bucket
            "m1 total 4 0 160 0 1.2500 5.5 ms 9.6 ms",
            "m1 last 5m 4 0 60 0 0.7500 5.5 ms 9.6 ms");
    assertThat(lines.subList(lines.indexOf("Tool calls") + 1, lines.indexOf("Tool calls") + 4))
        .extracting(l -> l.replaceAll("  +[0-9.]+ (ms|µs|s)", "").replaceAll(" +", " "))
        .containsExactly(
            "TOOL PERIOD CALLS ERRORS SUCCESS % P50 P95",
            // 2 + 3 ok and 1 error from process 1, 1 ok from process 2
            "read total 7 1 85.7",
            // process 1's reading before the window held 2 calls
            "read last 5m 5 1 80.0");
    assertThat(out.toString()).contains("File operations\n  (none recorded)\n");
    assertThat(err.toString()).isEqualTo("note: skipped 1 unreadable lines in 2 metric files\n");
  }

  @Test
  void jsonHasTheSameRows() throws Exception {
    store();
    assertThat(run("metrics", "status", "--data-dir", dataDir.toString(), "--json", "--window", "1h")).isZero();
    String json = out.toString();
    assertThat(json).contains("\"window\" : \"1h\"", "\"processes\" : 2", "\"skipped_lines\" : 1");
    // an hour before the newest reading precedes every reading: the window holds everything
    assertThat(json.replaceAll("\\s+", ""))
        .contains("{\"tool\":\"read\",\"period\":\"total\",\"calls\":7,\"errors\":1,\"success\":85.71428571428571,")
        .contains("{\"tool\":\"read\",\"period\":\"last1h\",\"calls\":7,\"errors\":1,");
  }

  @Test
  void badWindowAndMissingStoreAreOneLine() throws Exception {
    assertThat(run("metrics", "status", "--data-dir", dataDir.toString(), "--window", "2m")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("clude-obs status: --window '2m' is not a window; use 1m, 5m or 1h\n");
    err.getBuffer().setLength(0);
    assertThat(run("metrics", "status", "--data-dir", dataDir.toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "clude-obs status: no metric files under " + dataDir.resolve("metrics")
                + "; run the app with -javaagent:clude-obs.jar (metrics on) or point --data-dir at its clude.obs.data_dir\n");
    assertThat(out.toString()).isEmpty();
  }
}
