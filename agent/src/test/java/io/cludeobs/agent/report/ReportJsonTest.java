package io.cludeobs.agent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.cludeobs.agent.analysis.Finding;
import io.cludeobs.agent.metrics.aggregate.MetricPoint;
import io.cludeobs.agent.store.StoredSpan;
import io.cludeobs.agent.store.StoredTrace;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

  private static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  private static final long T0_MS = 1_700_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final long T0 = T0_MS * MS;

  private static StoredSpan span(
      String trace, String id, String parent, String name, long startMs, long durationMs, boolean error, Object... kv) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      attributes.put((String) kv[i], kv[i + 1]);
    }
    return new StoredSpan(
        trace, id, parent, name, SpanKind.INTERNAL, T0 + startMs * MS, T0 + (startMs + durationMs) * MS,
        error ? StatusCode.ERROR : StatusCode.UNSET, "", attributes, "app");
  }

  /** Trace A: a 100 ms task with an LLM call, a read tool that reads a file, a failing tool; B: a 300 ms task. */
  private static List<StoredTrace> traces() {
    List<StoredSpan> spans = new ArrayList<>();
    spans.add(span(A, "a0", null, "invoke_agent Agent.handle", 0, 100, false, "clude.category", "task"));
    spans.add(span(A, "a1", "a0", "chat m1", 0, 40, false, "clude.category", "llm", "gen_ai.request.model", "m1",
        "gen_ai.usage.input_tokens", 100L, "gen_ai.usage.output_tokens", 20L));
    spans.add(span(A, "a2", "a0", "execute_tool read", 40, 20, false, "clude.category", "tool", "gen_ai.tool.name", "read"));
    spans.add(span(A, "a3", "a2", "file.read", 45, 5, false, "file.path", "/w/README.md", "clude.file.bytes", 2048L));
    spans.add(span(A, "a4", "a0", "execute_tool execute", 60, 10, true, "clude.category", "tool", "gen_ai.tool.name", "execute",
        "error.type", "java.lang.IllegalStateException"));
    spans.add(span(B, "b0", null, "invoke_agent Agent.handle", 1000, 300, false, "clude.category", "task"));
    spans.add(span(B, "b1", "b0", "chat m2", 1000, 200, false, "clude.category", "llm", "gen_ai.request.model", "m2",
        "gen_ai.usage.input_tokens", 50L, "gen_ai.usage.output_tokens", 10L));
    return StoredTrace.group(spans);
  }

  private static ReportJson report() {
    return ReportJson.builder()
        .range(Paths.get("/data"), Instant.ofEpochMilli(T0_MS - 3_600_000), Instant.ofEpochMilli(T0_MS + 60_000))
        .generated(Instant.ofEpochMilli(T0_MS + 60_000))
        .traces(traces())
        .prices(ModelPrices.parse("--price", Collections.singletonList("m1=1/2")));
  }

  @Test
  void summarisesTasksCallsTokensAndCost() {
    JsonNode s = report().build().get("summary");
    assertThat(s.get("traces").asInt()).isEqualTo(2);
    assertThat(s.get("spans").asInt()).isEqualTo(7);
    assertThat(s.get("tasks").asInt()).isEqualTo(2);
    assertThat(s.get("failedTasks").asInt()).isZero();
    assertThat(s.get("llmCalls").asInt()).isEqualTo(2);
    assertThat(s.get("toolCalls").asInt()).isEqualTo(2);
    assertThat(s.get("failedToolCalls").asInt()).isEqualTo(1);
    assertThat(s.get("errors").asInt()).isEqualTo(1);
    assertThat(s.get("inputTokens").asLong()).isEqualTo(150);
    assertThat(s.get("outputTokens").asLong()).isEqualTo(30);
    // m1 only: (100 × 1 + 20 × 2) / 1e6; m2 has no price, so the total is a lower bound.
    assertThat(s.get("costUsd").asDouble()).isCloseTo(0.00014, within(1e-12));
    assertThat(s.get("costComplete").asBoolean()).isFalse();
    assertThat(s.get("taskP50Ms").asDouble()).isEqualTo(200.0);
    assertThat(s.get("taskP95Ms").asDouble()).isCloseTo(290.0, within(1e-9));
  }

  @Test
  void bucketsLatencyAndTokensOverTheDataExtent() {
    JsonNode root = report().build();
    // 1.3 s of data: 100 ms windows are the smallest step that gives at most 60.
    assertThat(root.get("meta").get("bucketMs").asLong()).isEqualTo(100);
    assertThat(root.get("meta").get("firstMs").asLong()).isEqualTo(T0_MS);
    assertThat(root.get("meta").get("lastMs").asLong()).isEqualTo(T0_MS + 1300);
    JsonNode latency = root.get("latency");
    assertThat(latency).hasSize(4);
    assertThat(latency.get(0).get("category").asText()).isEqualTo("task");
    assertThat(latency.get(0).get("points").toString())
        .isEqualTo("[{\"t\":" + T0_MS + ",\"count\":1,\"p50\":100.0,\"p95\":100.0,\"p99\":100.0},"
            + "{\"t\":" + (T0_MS + 1000) + ",\"count\":1,\"p50\":300.0,\"p95\":300.0,\"p99\":300.0}]");
    assertThat(latency.get(2).get("category").asText()).isEqualTo("tool");
    // read started at +40 ms, execute at +60 ms: both in the first window.
    assertThat(latency.get(2).get("points").get(0).get("count").asInt()).isEqualTo(2);
    assertThat(latency.get(3).get("category").asText()).isEqualTo("file");

    JsonNode tokens = root.get("tokens");
    assertThat(tokens.get("points").toString())
        .isEqualTo("[{\"t\":" + T0_MS + ",\"input\":100,\"output\":20,\"cost\":1.4E-4,\"calls\":1},"
            + "{\"t\":" + (T0_MS + 1000) + ",\"input\":50,\"output\":10,\"cost\":0.0,\"calls\":1}]");
    assertThat(tokens.get("byModel").toString())
        .isEqualTo("[{\"model\":\"m1\",\"calls\":1,\"errors\":0,\"input\":100,\"output\":20,\"priced\":true,\"cost\":1.4E-4,\"p50\":40.0,\"p95\":40.0},"
            + "{\"model\":\"m2\",\"calls\":1,\"errors\":0,\"input\":50,\"output\":10,\"priced\":false,\"cost\":0.0,\"p50\":200.0,\"p95\":200.0}]");
  }

  @Test
  void countsToolSuccessAndTheFileIoInsideEachCall() {
    JsonNode tools = report().build().get("tools");
    assertThat(tools.toString())
        .isEqualTo("[{\"name\":\"execute\",\"calls\":1,\"errors\":1,\"successRate\":0.0,\"p50\":10.0,\"p95\":10.0,"
            + "\"meanMs\":10.0,\"totalMs\":10.0,\"fileOps\":0,\"fileBytes\":0,\"resources\":{}},"
            + "{\"name\":\"read\",\"calls\":1,\"errors\":0,\"successRate\":1.0,\"p50\":20.0,\"p95\":20.0,"
            + "\"meanMs\":20.0,\"totalMs\":20.0,\"fileOps\":1,\"fileBytes\":2048,\"resources\":{}}]");
  }

  @Test
  void drawsTheSlowestTracesAsCallChains() {
    JsonNode waterfalls = report().build().get("waterfalls");
    assertThat(waterfalls).hasSize(2);
    assertThat(waterfalls.get(0).get("traceId").asText()).isEqualTo(B);
    JsonNode a = waterfalls.get(1);
    assertThat(a.get("durationMs").asDouble()).isEqualTo(100.0);
    assertThat(a.get("truncated").asBoolean()).isFalse();
    List<String> rows = new ArrayList<>();
    for (JsonNode r : a.get("spans")) {
      rows.add(r.get("depth").asInt() + " " + r.get("name").asText() + " " + r.get("category").asText() + " +"
          + r.get("offsetMs").asDouble() + " " + r.get("durationMs").asDouble() + (r.get("error").asBoolean() ? " !" : "")
          + " [" + r.get("detail").asText() + "]");
    }
    assertThat(rows)
        .containsExactly(
            "0 invoke_agent Agent.handle task +0.0 100.0 []",
            "1 chat m1 llm +0.0 40.0 [model m1, tokens 100/20]",
            "1 execute_tool read tool +40.0 20.0 []",
            "2 file.read file +45.0 5.0 [/w/README.md]",
            "1 execute_tool execute tool +60.0 10.0 ! [error java.lang.IllegalStateException]");
  }

  /** A profile source that answers every question with one stack named after it. */
  private static final class FakeProfiles implements ProfileSource {
    @Override
    public Map<String, Long> flameGraph(Kind kind, String traceId, String tool) {
      Map<String, Long> m = new HashMap<>();
      m.put("main;" + kind + ";" + traceId + ";" + tool, 3L);
      m.put("main;other", 1L);
      return m;
    }

    @Override
    public boolean linkedToSpans() {
      return true;
    }

    @Override
    public Map<String, Map<String, Long>> resourcesByTool() {
      return Collections.singletonMap("read", Collections.singletonMap("cpu_ms", 12L));
    }
  }

  @Test
  void flameGraphsForAllSamplesAndPerTraceAndToolWhenSamplesAreLinkedToSpans() {
    JsonNode root = report().profiles(new FakeProfiles()).build();
    List<String> labels = new ArrayList<>();
    for (JsonNode f : root.get("flameGraphs")) {
      labels.add(f.get("kind").asText() + " " + f.get("scope").asText() + " " + f.get("label").asText() + " " + f.get("total").asLong());
    }
    assertThat(labels)
        .containsExactly(
            "cpu all all samples 4", "allocation all all samples 4",
            "cpu trace trace bbbbbbbb invoke_agent Agent.handle 4", "allocation trace trace bbbbbbbb invoke_agent Agent.handle 4",
            "cpu trace trace aaaaaaaa invoke_agent Agent.handle 4", "allocation trace trace aaaaaaaa invoke_agent Agent.handle 4",
            "cpu tool tool execute 4", "allocation tool tool execute 4",
            "cpu tool tool read 4", "allocation tool tool read 4");
    assertThat(root.get("flameGraphs").get(8).get("stacks").toString())
        .isEqualTo("{\"main;CPU;null;read\":3,\"main;other\":1}");
    assertThat(root.get("resourceColumns").toString()).isEqualTo("[\"cpu_ms\"]");
    assertThat(root.get("tools").get(1).get("resources").toString()).isEqualTo("{\"cpu_ms\":12}");
  }

  @Test
  void withoutProfilesThereAreNoFlameGraphs() {
    assertThat(report().build().get("flameGraphs")).isEmpty();
  }

  @Test
  void findingsMostUrgentFirst() {
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("reads per task", "4.0");
    Finding info = new Finding(Finding.Severity.INFO, "trend", "tokens growing", Collections.<String, String>emptyMap(),
        Collections.<String>emptyList(), "trim context");
    Finding critical = new Finding(Finding.Severity.CRITICAL, "repeated-read", "README.md read 4 times per task", evidence,
        Arrays.asList(A), "cache it");
    JsonNode f = report().findings(Arrays.asList(info, critical), true, null).build().get("findings");
    assertThat(f.get("detector").asBoolean()).isTrue();
    assertThat(f.get("items").toString())
        .isEqualTo("[{\"severity\":\"CRITICAL\",\"detector\":\"repeated-read\",\"title\":\"README.md read 4 times per task\","
            + "\"evidence\":{\"reads per task\":\"4.0\"},\"examples\":[\"" + A + "\"],\"suggestion\":\"cache it\"},"
            + "{\"severity\":\"INFO\",\"detector\":\"trend\",\"title\":\"tokens growing\",\"evidence\":{},\"examples\":[],"
            + "\"suggestion\":\"trim context\"}]");
  }

  @Test
  void jvmHeapIsTheSumOfHeapPoolsPerReadingAndCpuInPercent() {
    Map<String, String> eden = new HashMap<>();
    eden.put("jvm.memory.type", "heap");
    eden.put("jvm.memory.pool.name", "eden");
    Map<String, String> old = new HashMap<>(eden);
    old.put("jvm.memory.pool.name", "old");
    Map<String, String> meta = new HashMap<>();
    meta.put("jvm.memory.type", "non_heap");
    long t = T0 + 500 * MS;
    List<MetricPoint> points =
        Arrays.asList(
            MetricPoint.sum("jvm.memory.used", "By", "app/1", eden, T0, t, true, 1024 * 1024),
            MetricPoint.sum("jvm.memory.used", "By", "app/1", old, T0, t, true, 3 * 1024 * 1024),
            MetricPoint.sum("jvm.memory.used", "By", "app/1", meta, T0, t, true, 9 * 1024 * 1024),
            MetricPoint.gauge("process.cpu.utilization", "1", "app/1", Collections.<String, String>emptyMap(), t, 0.25),
            // outside the range: left out
            MetricPoint.gauge("process.cpu.utilization", "1", "app/1", Collections.<String, String>emptyMap(), T0 + 3_600_000 * MS, 0.5));
    JsonNode jvm = report().metrics(points).build().get("jvm");
    assertThat(jvm.toString())
        .isEqualTo("[{\"name\":\"heap used app/1\",\"unit\":\"MB\",\"points\":[[" + (T0_MS + 500) + ",4.0]]},"
            + "{\"name\":\"process CPU app/1\",\"unit\":\"%\",\"points\":[[" + (T0_MS + 500) + ",25.0]]}]");
  }

  @Test
  void stepGrowsWithTheExtent() {
    assertThat(ReportJson.step(0)).isEqualTo(100);
    assertThat(ReportJson.step(5_999)).isEqualTo(100);
    assertThat(ReportJson.step(6_000)).isEqualTo(250);
    assertThat(ReportJson.step(3_600_000)).isEqualTo(120_000);
    assertThat(ReportJson.step(30L * 86_400_000)).isEqualTo(86_400_000);
    assertThat(ReportJson.step(120L * 86_400_000)).isEqualTo(3 * 86_400_000L);
  }
}
