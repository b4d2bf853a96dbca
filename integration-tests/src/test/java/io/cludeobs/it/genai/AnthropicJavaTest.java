package io.cludeobs.it.genai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * anthropic-java 3.13 in a real app with the real jar: messages sync and async, streamed and
 * callback-streamed, a tool_use turn whose tool call links back to its chat span, prompt-cache
 * counts and their cost, and a server error.
 */
class AnthropicJavaTest {

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
    "gen_ai.usage.cache_creation.input_tokens",
    "clude.gen_ai.cost",
    "gen_ai.tool.name",
    "gen_ai.tool.call.id",
    "gen_ai.tool.type",
    "error.type"
  };

  /**
   * Input tokens are Anthropic's input_tokens plus both cache counts; cost prices the cache reads at
   * the cached rate and the rest at the input rate. The first call, claude-sonnet-4-5 (3.00 / 0.30 /
   * 15.00 per million): (100 + 500) × 3.00 + 2000 × 0.30 + 40 × 15.00 = 3000 per million = 0.003.
   */
  static final String TREE =
      "invoke_agent AnthropicAgent.run [gen_ai.operation.name=invoke_agent]\n"
          + "  chat claude-sonnet-4-5 [gen_ai.operation.name=chat, gen_ai.provider.name=anthropic,"
          + " gen_ai.request.model=claude-sonnet-4-5, gen_ai.request.temperature=0.2, gen_ai.request.top_p=0.9,"
          + " gen_ai.request.max_tokens=256, gen_ai.response.model=claude-sonnet-4-5-20250929, gen_ai.response.id=msg_tool,"
          + " gen_ai.response.finish_reasons=[tool_use], gen_ai.usage.input_tokens=2600, gen_ai.usage.output_tokens=40,"
          + " gen_ai.usage.cache_read.input_tokens=2000, gen_ai.usage.cache_creation.input_tokens=500,"
          + " clude.gen_ai.cost=0.003]\n"
          + "  execute_tool read_file [gen_ai.operation.name=execute_tool, gen_ai.tool.name=read_file,"
          + " gen_ai.tool.call.id=toolu_01AbCdEf, gen_ai.tool.type=function]\n"
          + "  chat claude-sonnet-4-5 [gen_ai.operation.name=chat, gen_ai.provider.name=anthropic,"
          + " gen_ai.request.model=claude-sonnet-4-5, gen_ai.request.temperature=0.2, gen_ai.request.top_p=0.9,"
          + " gen_ai.request.max_tokens=256, gen_ai.response.model=claude-sonnet-4-5-20250929, gen_ai.response.id=msg_answer,"
          + " gen_ai.response.finish_reasons=[end_turn], gen_ai.usage.input_tokens=2660, gen_ai.usage.output_tokens=20,"
          + " gen_ai.usage.cache_read.input_tokens=2600, gen_ai.usage.cache_creation.input_tokens=0,"
          + " clude.gen_ai.cost=0.00126]\n"
          + "  chat claude-haiku-4-5 [gen_ai.operation.name=chat, gen_ai.provider.name=anthropic,"
          + " gen_ai.request.model=claude-haiku-4-5, gen_ai.request.max_tokens=64,"
          + " gen_ai.response.model=claude-haiku-4-5-20251001, gen_ai.response.id=msg_async,"
          + " gen_ai.response.finish_reasons=[max_tokens], gen_ai.usage.input_tokens=200, gen_ai.usage.output_tokens=100,"
          + " clude.gen_ai.cost=7.0E-4]\n"
          + "  chat claude-opus-4-1 [gen_ai.operation.name=chat, gen_ai.provider.name=anthropic,"
          + " gen_ai.request.model=claude-opus-4-1, gen_ai.request.max_tokens=64,"
          + " gen_ai.response.model=claude-opus-4-1-20250805, gen_ai.response.id=msg_stream,"
          + " gen_ai.response.finish_reasons=[end_turn], gen_ai.usage.input_tokens=1030, gen_ai.usage.output_tokens=2,"
          + " gen_ai.usage.cache_read.input_tokens=1000, gen_ai.usage.cache_creation.input_tokens=0,"
          + " clude.gen_ai.cost=0.0021]\n"
          + "  chat claude-3-5-haiku [gen_ai.operation.name=chat, gen_ai.provider.name=anthropic,"
          + " gen_ai.request.model=claude-3-5-haiku, gen_ai.request.max_tokens=64,"
          + " gen_ai.response.model=claude-3-5-haiku-20250805, gen_ai.response.id=msg_stream,"
          + " gen_ai.response.finish_reasons=[tool_use], gen_ai.usage.input_tokens=320, gen_ai.usage.output_tokens=12,"
          + " gen_ai.usage.cache_read.input_tokens=0, gen_ai.usage.cache_creation.input_tokens=300,"
          + " clude.gen_ai.cost=3.04E-4]\n"
          + "  chat broken-model [gen_ai.operation.name=chat, gen_ai.provider.name=anthropic,"
          + " gen_ai.request.model=broken-model, gen_ai.request.max_tokens=16,"
          + " error.type=com.anthropic.errors.InternalServerException] !ERROR\n";

  static final String ANSWER =
      "anthropic-agent answered: The README says hello. | async hi | Hello | Hello | failed: InternalServerException";

  /** Texts of prompts, completions, tool arguments and results: none may leave the process by default. */
  static final List<String> CONTENT =
      List.of(
          "Summarise README.md", "careful agent", "Let me read it", "README says hello", "hello from the repo",
          "async hello", "async hi", "stream hello", "callback hello", "fail please", "README.md", "pattern",
          "sk-ant-", "AKIAABCDEFGHIJKLMNOP");

  static Stream<String> jdks() {
    return Jdks.required();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void everyCallShapeGivesConventionSpansMetricsAndCostWithoutContent(String jdk) throws IOException {
    try (AnthropicWireServer server = AnthropicWireServer.start()) {
      Jvm.Result run = AnthropicRuns.agent(Jdks.resolve(jdk), server).run(Duration.ofSeconds(120));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains(ANSWER);
      assertThat(OpenAiJavaTest.agentLines(run.stderr())).isEmpty();
      List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
      assertThat(SpanTree.render(spans, KEYS)).isEqualTo(TREE);

      List<Span> chats = OpenAiJavaTest.named(spans, "chat ");
      for (Span chat : chats) {
        assertThat(chat.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(SpanTree.attributes(chat))
            .containsEntry("server.address", "127.0.0.1")
            .containsEntry("server.port", (long) server.port());
      }
      // the tool span links to the chat span whose tool_use block carried its id
      Span tool = OpenAiJavaTest.named(spans, "execute_tool").get(0);
      assertThat(tool.getLinksList()).hasSize(1);
      assertThat(tool.getLinks(0).getSpanId()).isEqualTo(chats.get(0).getSpanId());

      // a stream's span ends after its last event, not when createStreaming returns
      for (Span stream : List.of(chats.get(3), chats.get(4))) {
        double ttfc = (Double) SpanTree.attributes(stream).get("gen_ai.response.time_to_first_chunk");
        double seconds = (stream.getEndTimeUnixNano() - stream.getStartTimeUnixNano()) / 1e9;
        assertThat(ttfc).isGreaterThanOrEqualTo(AnthropicWireServer.FIRST_CHUNK_DELAY_MS / 1000.0).isLessThan(seconds);
        assertThat(seconds)
            .isGreaterThanOrEqualTo(
                (AnthropicWireServer.FIRST_CHUNK_DELAY_MS + AnthropicWireServer.NEXT_CHUNK_DELAY_MS) / 1000.0);
        assertThat(SpanTree.attributes(stream)).doesNotContainKey("clude.gen_ai.stream.cancelled");
      }
      assertThat(chats.stream().filter(s -> SpanTree.attributes(s).containsKey("gen_ai.response.time_to_first_chunk")))
          .hasSize(2);

      assertMetrics(OtlpJson.readMetricFiles(run.dataDir().resolve("metrics")), server.port());
      assertThat(spans.stream().flatMap(s -> SpanTree.attributes(s).keySet().stream()))
          .doesNotContain(
              "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions",
              "gen_ai.tool.call.arguments", "gen_ai.tool.call.result");
      String exported = OpenAiJavaTest.allFiles(run.dataDir());
      for (String text : CONTENT) {
        assertThat(exported).as("exported data").doesNotContain(text);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void switchedOffGivesNoChatSpans(String jdk) throws IOException {
    try (AnthropicWireServer server = AnthropicWireServer.start()) {
      Jvm.Result run =
          AnthropicRuns.agent(Jdks.resolve(jdk), server)
              .sysProp("clude.obs.instrumentation.anthropic-java.enabled", "false")
              .run(Duration.ofSeconds(120));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains(ANSWER);
      assertThat(OpenAiJavaTest.agentLines(run.stderr())).isEmpty();
      assertThat(SpanTree.render(OtlpJson.readTraceFiles(run.dataDir().resolve("traces")), "gen_ai.tool.name"))
          .isEqualTo(
              "invoke_agent AnthropicAgent.run\n"
                  + "  execute_tool read_file [gen_ai.tool.name=read_file]\n");
    }
  }

  private static void assertMetrics(List<Metric> metrics, int port) {
    String server = "server.address=127.0.0.1,server.port=" + port;
    String chat = "gen_ai.operation.name=chat,gen_ai.provider.name=anthropic,";
    Map<String, String> tokenPoints = histogramPoints(OpenAiJavaTest.last(metrics, "gen_ai.client.token.usage"));
    assertThat(tokenPoints)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry(chat + "gen_ai.request.model=claude-sonnet-4-5,gen_ai.response.model=claude-sonnet-4-5-20250929,gen_ai.token.type=input," + server, "count=2 sum=5260.0"),
                Map.entry(chat + "gen_ai.request.model=claude-sonnet-4-5,gen_ai.response.model=claude-sonnet-4-5-20250929,gen_ai.token.type=output," + server, "count=2 sum=60.0"),
                Map.entry(chat + "gen_ai.request.model=claude-haiku-4-5,gen_ai.response.model=claude-haiku-4-5-20251001,gen_ai.token.type=input," + server, "count=1 sum=200.0"),
                Map.entry(chat + "gen_ai.request.model=claude-haiku-4-5,gen_ai.response.model=claude-haiku-4-5-20251001,gen_ai.token.type=output," + server, "count=1 sum=100.0"),
                Map.entry(chat + "gen_ai.request.model=claude-opus-4-1,gen_ai.response.model=claude-opus-4-1-20250805,gen_ai.token.type=input," + server, "count=1 sum=1030.0"),
                Map.entry(chat + "gen_ai.request.model=claude-opus-4-1,gen_ai.response.model=claude-opus-4-1-20250805,gen_ai.token.type=output," + server, "count=1 sum=2.0"),
                Map.entry(chat + "gen_ai.request.model=claude-3-5-haiku,gen_ai.response.model=claude-3-5-haiku-20250805,gen_ai.token.type=input," + server, "count=1 sum=320.0"),
                Map.entry(chat + "gen_ai.request.model=claude-3-5-haiku,gen_ai.response.model=claude-3-5-haiku-20250805,gen_ai.token.type=output," + server, "count=1 sum=12.0")));

    Map<String, Long> counts = new TreeMap<>();
    for (HistogramDataPoint p : OpenAiJavaTest.last(metrics, "gen_ai.client.operation.duration").getHistogram().getDataPointsList()) {
      counts.put(OpenAiJavaTest.attributes(p.getAttributesList()), p.getCount());
    }
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                chat + "gen_ai.request.model=claude-sonnet-4-5,gen_ai.response.model=claude-sonnet-4-5-20250929," + server, 2L,
                chat + "gen_ai.request.model=claude-haiku-4-5,gen_ai.response.model=claude-haiku-4-5-20251001," + server, 1L,
                chat + "gen_ai.request.model=claude-opus-4-1,gen_ai.response.model=claude-opus-4-1-20250805," + server, 1L,
                chat + "gen_ai.request.model=claude-3-5-haiku,gen_ai.response.model=claude-3-5-haiku-20250805," + server, 1L,
                "error.type=com.anthropic.errors.InternalServerException," + chat + "gen_ai.request.model=broken-model," + server, 1L));

    Map<String, Double> cost = new TreeMap<>();
    for (NumberDataPoint p : OpenAiJavaTest.last(metrics, "clude.gen_ai.cost").getSum().getDataPointsList()) {
      cost.put(OpenAiJavaTest.attributes(p.getAttributesList()), p.getAsDouble());
    }
    String by = "gen_ai.provider.name=anthropic,gen_ai.response.model=";
    assertThat(cost.keySet())
        .containsExactlyInAnyOrder(
            by + "claude-sonnet-4-5-20250929", by + "claude-haiku-4-5-20251001", by + "claude-opus-4-1-20250805",
            by + "claude-3-5-haiku-20250805");
    assertThat(cost.get(by + "claude-sonnet-4-5-20250929")).isCloseTo(0.003 + 0.00126, within(1e-15));
    assertThat(cost.get(by + "claude-haiku-4-5-20251001")).isEqualTo(7.0E-4);
    assertThat(cost.get(by + "claude-opus-4-1-20250805")).isEqualTo(0.0021);
    assertThat(cost.get(by + "claude-3-5-haiku-20250805")).isEqualTo(3.04E-4);
  }

  private static Map<String, String> histogramPoints(Metric metric) {
    Map<String, String> out = new TreeMap<>();
    for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
      out.put(OpenAiJavaTest.attributes(p.getAttributesList()), "count=" + p.getCount() + " sum=" + p.getSum());
    }
    return out;
  }
}
