package io.cludeobs.it.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spring AI 1.1.2 on Spring Boot 3.5.7 with the real jar: a ChatClient turn whose model asks for a
 * {@code @Tool} method, a ChatClient stream, a stream the app stops early and a rejected request.
 */
class SpringAiTest {

  /** What Spring AI 1.1 throws for the request the server rejects with 400. */
  static final String REJECTED = "org.springframework.ai.retry.NonTransientAiException";
  static final String REJECTED_SIMPLE = "NonTransientAiException";

  static final String[] KEYS = {
    "gen_ai.operation.name",
    "gen_ai.provider.name",
    "gen_ai.request.model",
    "gen_ai.request.temperature",
    "gen_ai.request.top_p",
    "gen_ai.request.max_tokens",
    "gen_ai.response.model",
    "gen_ai.response.id",
    "gen_ai.response.finish_reasons",
    "gen_ai.usage.input_tokens",
    "gen_ai.usage.output_tokens",
    "gen_ai.usage.cache_read.input_tokens",
    "gen_ai.usage.reasoning.output_tokens",
    "clude.gen_ai.cost",
    "clude.gen_ai.stream.cancelled",
    "clude.library",
    "gen_ai.tool.name",
    "gen_ai.tool.call.id",
    "gen_ai.tool.type",
    "error.type"
  };

  static final String REQUEST = "gen_ai.request.temperature=0.2, gen_ai.request.top_p=0.9, gen_ai.request.max_tokens=256";

  /**
   * Spring AI runs the tool loop inside one {@code ChatModel.call}: its span holds the tool run and
   * the usage Spring AI sums over both requests (1000 + 1200 input, 50 + 20 output; gpt-4o-mini at
   * 0.15 and 0.60 per million). The stream stopped after one chunk has no usage, hence no cost.
   */
  static final String TREE =
      "invoke_agent SpringAiAgent.run [gen_ai.operation.name=invoke_agent]\n"
          + "  chat gpt-4o-mini [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=gpt-4o-mini, "
          + REQUEST + ", gen_ai.response.model=gpt-4o-mini-2024-07-18, gen_ai.response.id=chatcmpl-answer,"
          + " gen_ai.response.finish_reasons=[stop], gen_ai.usage.input_tokens=2200, gen_ai.usage.output_tokens=70,"
          + " clude.gen_ai.cost=3.72E-4]\n"
          + "    execute_tool get_weather [gen_ai.operation.name=execute_tool, clude.library=spring-ai,"
          + " gen_ai.tool.name=get_weather, gen_ai.tool.type=function]\n"
          + "  chat gpt-4.1-mini [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=gpt-4.1-mini, "
          + REQUEST + ", gen_ai.response.model=gpt-4.1-mini-2025-04-14, gen_ai.response.id=chatcmpl-stream,"
          + " gen_ai.response.finish_reasons=[stop], gen_ai.usage.input_tokens=20, gen_ai.usage.output_tokens=2,"
          + " clude.gen_ai.cost=1.12E-5]\n"
          + "  chat o4-mini [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=o4-mini, "
          + REQUEST + ", gen_ai.response.model=o4-mini-2025-04-16, gen_ai.response.id=chatcmpl-stream,"
          + " clude.gen_ai.stream.cancelled=true]\n"
          + "  chat broken-model [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=broken-model, "
          + REQUEST + ", error.type=" + REJECTED + "] !ERROR\n";

  /**
   * The o4-mini stream when Spring AI 1.1 did not pass the app's cancel on to the model's Flux: seen once in a CI
   * run under load (2026-12-07), where the model's Flux kept reading the held-open response and ran to its end
   * {@link SpringAiWireServer#HOLD_MS} later, so the agent recorded the whole stream. The Spring AI 2.0 test and
   * the openai-java test keep requiring the cancellation.
   */
  static final String O4_MINI_WHOLE =
      "  chat o4-mini [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=o4-mini, "
          + REQUEST + ", gen_ai.response.model=o4-mini-2025-04-16, gen_ai.response.id=chatcmpl-stream,"
          + " gen_ai.response.finish_reasons=[stop], gen_ai.usage.input_tokens=20, gen_ai.usage.output_tokens=2,"
          + " clude.gen_ai.cost=3.08E-5]\n";

  static String tree(boolean o4MiniWhole) {
    if (!o4MiniWhole) {
      return TREE;
    }
    String cancelled = TREE.lines().filter(l -> l.startsWith("  chat o4-mini")).findFirst().orElseThrow() + "\n";
    return TREE.replace(cancelled, O4_MINI_WHOLE);
  }

  static final String ANSWER =
      "spring-ai-agent answered: Sunny in Paris, 21 degrees. | Hello | Hel | failed: " + REJECTED_SIMPLE;

  /** Texts of prompts, completions, tool arguments and results: none may leave the process by default. */
  static final List<String> CONTENT =
      List.of("weather agent", "weather in Paris", "Paris", "sk-proj-", "Sunny", "21 degrees", "stream hello", "Hello",
          "stream and stop", "broken hello");

  static Stream<String> jdks() {
    return Jdks.required();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void chatClientCallsStreamsAndToolsGiveConventionSpansAndMetricsWithoutContent(String jdk) throws IOException {
    try (SpringAiWireServer server = SpringAiWireServer.start()) {
      Jvm.Result run = SpringAiRuns.app(Jdks.resolve(jdk), server).run(Duration.ofSeconds(180));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains(ANSWER);
      assertThat(SpringAiRuns.agentLines(run.stderr())).isEmpty();
      List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
      String rendered = SpanTree.render(spans, KEYS);
      boolean o4MiniWhole = !rendered.contains("clude.gen_ai.stream.cancelled=true");
      assertThat(rendered).isEqualTo(tree(o4MiniWhole));
      if (o4MiniWhole) {
        // only after the server's hold: the stream really ran to its end
        Span o4 = named(spans, "chat o4-mini").get(0);
        assertThat((o4.getEndTimeUnixNano() - o4.getStartTimeUnixNano()) / 1e6).isGreaterThanOrEqualTo(SpringAiWireServer.HOLD_MS);
      }

      List<Span> chats = named(spans, "chat ");
      for (Span chat : chats) {
        assertThat(chat.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(SpanTree.attributes(chat))
            .containsEntry("server.address", "127.0.0.1")
            .containsEntry("server.port", (long) server.port());
      }
      // the stream's span ends with the Flux, not when stream() returns: the server holds its chunks back
      // (the first chunk's time counts from the call's start, a little before the span's, so it is not
      // compared with the span's length)
      Span stream = chats.get(1);
      double ttfc = (Double) SpanTree.attributes(stream).get("gen_ai.response.time_to_first_chunk");
      double seconds = (stream.getEndTimeUnixNano() - stream.getStartTimeUnixNano()) / 1e9;
      assertThat(ttfc).isGreaterThanOrEqualTo(SpringAiWireServer.FIRST_CHUNK_DELAY_MS / 1000.0);
      assertThat(seconds)
          .isGreaterThanOrEqualTo((SpringAiWireServer.FIRST_CHUNK_DELAY_MS + SpringAiWireServer.NEXT_CHUNK_DELAY_MS) / 1000.0);
      assertThat(SpanTree.attributes(chats.get(2))).containsKey("gen_ai.response.time_to_first_chunk");
      assertThat(SpanTree.attributes(chats.get(0))).doesNotContainKey("gen_ai.response.time_to_first_chunk");

      assertMetrics(OtlpJson.readMetricFiles(run.dataDir().resolve("metrics")), server.port(), o4MiniWhole);
      assertThat(spans.stream().flatMap(s -> SpanTree.attributes(s).keySet().stream()))
          .doesNotContain(
              "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions",
              "gen_ai.tool.call.arguments", "gen_ai.tool.call.result");
      String exported = allFiles(run.dataDir());
      for (String text : CONTENT) {
        assertThat(exported).as("exported data").doesNotContain(text);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void capturedContentIsInTheConventionsShapeAndRedacted(String jdk) throws IOException {
    try (SpringAiWireServer server = SpringAiWireServer.start()) {
      Jvm.Result run =
          SpringAiRuns.app(Jdks.resolve(jdk), server)
              .sysProp("clude.obs.genai.capture_content", "true")
              .run(Duration.ofSeconds(180));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains(ANSWER);
      List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
      List<Span> chats = named(spans, "chat ");
      Map<String, Object> turn = SpanTree.attributes(chats.get(0));
      assertThat(turn.get("gen_ai.input.messages"))
          .isEqualTo(
              "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are a weather agent.\"}]},"
                  + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What is the weather in Paris? key [REDACTED]\"}]}]");
      assertThat(turn.get("gen_ai.output.messages"))
          .isEqualTo(
              "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Sunny in Paris, 21 degrees.\"}],"
                  + "\"finish_reason\":\"stop\"}]");
      Map<String, Object> tool = SpanTree.attributes(named(spans, "execute_tool").get(0));
      assertThat(tool.get("gen_ai.tool.call.arguments")).isEqualTo("{\"city\":\"Paris\"}");
      assertThat(tool.get("gen_ai.tool.call.result")).isEqualTo("\"weather in Paris: sunny, 21 degrees\"");
      Map<String, Object> stream = SpanTree.attributes(chats.get(1));
      assertThat(stream.get("gen_ai.input.messages"))
          .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"stream hello\"}]}]");
      assertThat(stream.get("gen_ai.output.messages"))
          .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello\"}],\"finish_reason\":\"stop\"}]");
      assertThat(allFiles(run.dataDir())).as("exported data").doesNotContain("sk-proj-");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void switchedOffGivesNoChatOrToolSpans(String jdk) throws IOException {
    try (SpringAiWireServer server = SpringAiWireServer.start()) {
      Jvm.Result run =
          SpringAiRuns.app(Jdks.resolve(jdk), server)
              .sysProp("clude.obs.instrumentation.spring-ai.enabled", "false")
              .run(Duration.ofSeconds(180));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains(ANSWER);
      assertThat(SpringAiRuns.agentLines(run.stderr())).isEmpty();
      assertThat(SpanTree.render(OtlpJson.readTraceFiles(run.dataDir().resolve("traces")), "gen_ai.tool.name"))
          .isEqualTo("invoke_agent SpringAiAgent.run\n");
    }
  }

  private static void assertMetrics(List<Metric> metrics, int port, boolean o4MiniWhole) {
    String server = "server.address=127.0.0.1,server.port=" + port;
    String chat = "gen_ai.operation.name=chat,gen_ai.provider.name=openai,";
    Map<String, String> tokens = new TreeMap<>();
    tokens.put(chat + "gen_ai.request.model=gpt-4o-mini,gen_ai.response.model=gpt-4o-mini-2024-07-18,gen_ai.token.type=input," + server, "count=1 sum=2200.0");
    tokens.put(chat + "gen_ai.request.model=gpt-4o-mini,gen_ai.response.model=gpt-4o-mini-2024-07-18,gen_ai.token.type=output," + server, "count=1 sum=70.0");
    tokens.put(chat + "gen_ai.request.model=gpt-4.1-mini,gen_ai.response.model=gpt-4.1-mini-2025-04-14,gen_ai.token.type=input," + server, "count=1 sum=20.0");
    tokens.put(chat + "gen_ai.request.model=gpt-4.1-mini,gen_ai.response.model=gpt-4.1-mini-2025-04-14,gen_ai.token.type=output," + server, "count=1 sum=2.0");
    if (o4MiniWhole) {
      tokens.put(chat + "gen_ai.request.model=o4-mini,gen_ai.response.model=o4-mini-2025-04-16,gen_ai.token.type=input," + server, "count=1 sum=20.0");
      tokens.put(chat + "gen_ai.request.model=o4-mini,gen_ai.response.model=o4-mini-2025-04-16,gen_ai.token.type=output," + server, "count=1 sum=2.0");
    }
    assertThat(histogramPoints(last(metrics, "gen_ai.client.token.usage"))).containsExactlyInAnyOrderEntriesOf(tokens);
    Map<String, Long> counts = new TreeMap<>();
    for (HistogramDataPoint p : last(metrics, "gen_ai.client.operation.duration").getHistogram().getDataPointsList()) {
      counts.put(attributes(p.getAttributesList()), p.getCount());
    }
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                chat + "gen_ai.request.model=gpt-4o-mini,gen_ai.response.model=gpt-4o-mini-2024-07-18," + server, 1L,
                chat + "gen_ai.request.model=gpt-4.1-mini,gen_ai.response.model=gpt-4.1-mini-2025-04-14," + server, 1L,
                chat + "gen_ai.request.model=o4-mini,gen_ai.response.model=o4-mini-2025-04-16," + server, 1L,
                "error.type=" + REJECTED + "," + chat + "gen_ai.request.model=broken-model," + server, 1L));
    Map<String, Double> cost = new TreeMap<>();
    for (NumberDataPoint p : last(metrics, "clude.gen_ai.cost").getSum().getDataPointsList()) {
      cost.put(attributes(p.getAttributesList()), p.getAsDouble());
    }
    Map<String, Double> expectedCost = new TreeMap<>();
    expectedCost.put("gen_ai.provider.name=openai,gen_ai.response.model=gpt-4o-mini-2024-07-18", 3.72E-4);
    expectedCost.put("gen_ai.provider.name=openai,gen_ai.response.model=gpt-4.1-mini-2025-04-14", 1.12E-5);
    if (o4MiniWhole) {
      expectedCost.put("gen_ai.provider.name=openai,gen_ai.response.model=o4-mini-2025-04-16", 3.08E-5);
    }
    assertThat(cost).containsExactlyInAnyOrderEntriesOf(expectedCost);
  }

  static List<Span> named(List<Span> spans, String prefix) {
    return spans.stream()
        .filter(s -> s.getName().startsWith(prefix))
        .sorted((a, b) -> Long.compare(a.getStartTimeUnixNano(), b.getStartTimeUnixNano()))
        .collect(Collectors.toList());
  }

  static Metric last(List<Metric> metrics, String name) {
    Metric found = null;
    for (Metric m : metrics) {
      if (m.getName().equals(name)) {
        found = m;
      }
    }
    assertThat(found).as("metric %s", name).isNotNull();
    return found;
  }

  private static Map<String, String> histogramPoints(Metric metric) {
    Map<String, String> out = new TreeMap<>();
    for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
      out.put(attributes(p.getAttributesList()), "count=" + p.getCount() + " sum=" + p.getSum());
    }
    return out;
  }

  static String attributes(List<KeyValue> kvs) {
    return SpanTree.attributes(kvs).entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** Every file the agent wrote under its data directory, as one text. */
  static String allFiles(Path dataDir) {
    try (Stream<Path> files = Files.walk(dataDir)) {
      StringBuilder all = new StringBuilder();
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        all.append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8)).append('\n');
      }
      return all.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
