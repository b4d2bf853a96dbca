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
 * LangChain4j 1.19 in a real app with the real jar and nothing configured: an AI service turn whose
 * model asks for two tools, a streamed chat, embeddings and an Anthropic chat.
 */
class LangChain4jTest {

  static final String[] KEYS = {
    "gen_ai.operation.name",
    "gen_ai.provider.name",
    "gen_ai.agent.name",
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
    "gen_ai.usage.reasoning.output_tokens",
    "clude.gen_ai.cost",
    "gen_ai.tool.name",
    "gen_ai.tool.call.id",
    "gen_ai.tool.type",
    "clude.library",
    "error.type"
  };

  /**
   * Costs from the bundled prices: the first chat is 400 input at 0.15, 100 cached at 0.075 and 40
   * output at 0.60 per million; Claude's input is 10 + 200 cache reads + 50 cache writes, the reads
   * at 0.30 and the rest at 3.00, 5 output at 15.00.
   */
  static final String TREE =
      "invoke_agent Assistant.answer [gen_ai.operation.name=invoke_agent, gen_ai.agent.name=Assistant.answer,"
          + " clude.library=langchain4j]\n"
          + "  chat gpt-4o-mini [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=gpt-4o-mini,"
          + " gen_ai.request.temperature=0.2, gen_ai.request.top_p=0.9, gen_ai.request.max_tokens=256,"
          + " gen_ai.response.model=gpt-4o-mini-2024-07-18, gen_ai.response.id=chatcmpl-lc4j-tools,"
          + " gen_ai.response.finish_reasons=[tool_calls], gen_ai.usage.input_tokens=500, gen_ai.usage.output_tokens=40,"
          + " gen_ai.usage.cache_read.input_tokens=100, gen_ai.usage.reasoning.output_tokens=0, clude.gen_ai.cost=9.15E-5]\n"
          + "  execute_tool getWeather [gen_ai.operation.name=execute_tool, gen_ai.tool.name=getWeather,"
          + " gen_ai.tool.call.id=call_weather_1, gen_ai.tool.type=function, clude.library=langchain4j]\n"
          + "  execute_tool getTime [gen_ai.operation.name=execute_tool, gen_ai.tool.name=getTime,"
          + " gen_ai.tool.call.id=call_time_2, gen_ai.tool.type=function, clude.library=langchain4j]\n"
          + "  chat gpt-4o-mini [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=gpt-4o-mini,"
          + " gen_ai.request.temperature=0.2, gen_ai.request.top_p=0.9, gen_ai.request.max_tokens=256,"
          + " gen_ai.response.model=gpt-4o-mini-2024-07-18, gen_ai.response.id=chatcmpl-lc4j-final,"
          + " gen_ai.response.finish_reasons=[stop], gen_ai.usage.input_tokens=700, gen_ai.usage.output_tokens=15,"
          + " clude.gen_ai.cost=1.14E-4]\n"
          + "chat gpt-4o-mini [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=gpt-4o-mini,"
          + " gen_ai.response.model=gpt-4o-mini-2024-07-18, gen_ai.response.id=chatcmpl-lc4j-stream,"
          + " gen_ai.response.finish_reasons=[stop], gen_ai.usage.input_tokens=25, gen_ai.usage.output_tokens=2,"
          + " clude.gen_ai.cost=4.95E-6]\n"
          + "embeddings text-embedding-3-small [gen_ai.operation.name=embeddings, gen_ai.provider.name=openai,"
          + " gen_ai.request.model=text-embedding-3-small, gen_ai.response.model=text-embedding-3-small,"
          + " gen_ai.usage.input_tokens=12]\n"
          + "chat claude-sonnet-4-5 [gen_ai.operation.name=chat, gen_ai.provider.name=anthropic,"
          + " gen_ai.request.model=claude-sonnet-4-5, gen_ai.request.max_tokens=100,"
          + " gen_ai.response.model=claude-sonnet-4-5-20250929, gen_ai.response.id=msg_lc4j_1,"
          + " gen_ai.response.finish_reasons=[stop], gen_ai.usage.input_tokens=260, gen_ai.usage.output_tokens=5,"
          + " gen_ai.usage.cache_read.input_tokens=200, gen_ai.usage.cache_creation.input_tokens=50,"
          + " clude.gen_ai.cost=3.15E-4]\n";

  static final String ANSWER = "langchain4j answered: Sunny at noon in Oslo. | Hel|lo|Hello | 2 | Hi from Claude";

  static final String UNPRICED_EMBEDDINGS =
      "clude-obs: no price for model text-embedding-3-small: its cost is omitted; add it to the file named by"
          + " clude.obs.genai.pricing_file (see docs/genai.md)";

  /** Texts of prompts, completions, tool arguments and results: none may leave the process by default. */
  static final List<String> CONTENT =
      List.of(
          "Weather and time", "sk-proj-", "Oslo", "sunny in", "noon in", "Sunny at noon", "stream hello", "Hello",
          "embed alpha", "embed beta", "claude hello", "Hi from Claude");

  static Stream<String> jdks() {
    return Jdks.required();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void everyOperationGivesConventionSpansNestedUnderTheAiServiceWithMetricsAndNoContent(String jdk)
      throws IOException {
    try (LangChain4jWireServer server = LangChain4jWireServer.start()) {
      Jvm.Result run = LangChain4jRuns.app(Jdks.resolve(jdk), server).run(Duration.ofSeconds(120));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains(ANSWER);
      assertThat(OpenAiJavaTest.agentLines(run.stderr())).containsExactly(UNPRICED_EMBEDDINGS);
      List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
      assertThat(SpanTree.render(spans, KEYS)).isEqualTo(TREE);

      List<Span> models = OpenAiJavaTest.named(spans, "");
      models.removeIf(s -> s.getName().startsWith("invoke_agent") || s.getName().startsWith("execute_tool"));
      assertThat(models).hasSize(5);
      for (Span model : models) {
        assertThat(model.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(SpanTree.attributes(model))
            .containsEntry("server.address", "127.0.0.1")
            .containsEntry("server.port", (long) server.port());
      }
      // both tool spans link to the chat span whose answer asked for them, not to the final chat
      Span askingChat = models.get(0);
      List<Span> tools = OpenAiJavaTest.named(spans, "execute_tool");
      assertThat(tools).hasSize(2);
      for (Span tool : tools) {
        assertThat(tool.getLinksList()).hasSize(1);
        assertThat(tool.getLinks(0).getSpanId()).isEqualTo(askingChat.getSpanId());
        assertThat(tool.getLinks(0).getTraceId()).isEqualTo(askingChat.getTraceId());
      }

      // the streamed chat ends with onCompleteResponse, after the server's delays, not when chat() returns
      Span stream = models.get(2);
      double ttfc = (Double) SpanTree.attributes(stream).get("gen_ai.response.time_to_first_chunk");
      double seconds = (stream.getEndTimeUnixNano() - stream.getStartTimeUnixNano()) / 1e9;
      assertThat(ttfc)
          .isGreaterThanOrEqualTo(LangChain4jWireServer.FIRST_CHUNK_DELAY_MS / 1000.0)
          .isLessThan(seconds);
      assertThat(seconds)
          .isGreaterThanOrEqualTo(
              (LangChain4jWireServer.FIRST_CHUNK_DELAY_MS + LangChain4jWireServer.NEXT_CHUNK_DELAY_MS) / 1000.0);
      assertThat(spans.stream().filter(s -> SpanTree.attributes(s).containsKey("gen_ai.response.time_to_first_chunk")))
          .containsExactly(stream);

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
  void switchedOffGivesNoSpansAndTheAppRunsAsBefore(String jdk) throws IOException {
    try (LangChain4jWireServer server = LangChain4jWireServer.start()) {
      Jvm.Result run =
          LangChain4jRuns.app(Jdks.resolve(jdk), server)
              .sysProp("clude.obs.instrumentation.langchain4j.enabled", "false")
              .run(Duration.ofSeconds(120));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains(ANSWER);
      assertThat(OpenAiJavaTest.agentLines(run.stderr())).isEmpty();
      // nothing was exported at all: the agent did not even open a trace file
      assertThat(run.dataDir().resolve("traces")).doesNotExist();
    }
  }

  private static void assertMetrics(List<Metric> metrics, int port) {
    String server = ",server.address=127.0.0.1,server.port=" + port;
    String mini = "gen_ai.operation.name=chat,gen_ai.provider.name=openai,gen_ai.request.model=gpt-4o-mini,"
        + "gen_ai.response.model=gpt-4o-mini-2024-07-18";
    String embeddings = "gen_ai.operation.name=embeddings,gen_ai.provider.name=openai,"
        + "gen_ai.request.model=text-embedding-3-small,gen_ai.response.model=text-embedding-3-small";
    String claude = "gen_ai.operation.name=chat,gen_ai.provider.name=anthropic,gen_ai.request.model=claude-sonnet-4-5,"
        + "gen_ai.response.model=claude-sonnet-4-5-20250929";
    assertThat(histogramPoints(OpenAiJavaTest.last(metrics, "gen_ai.client.token.usage")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                mini + ",gen_ai.token.type=input" + server, "count=3 sum=1225.0",
                mini + ",gen_ai.token.type=output" + server, "count=3 sum=57.0",
                embeddings + ",gen_ai.token.type=input" + server, "count=1 sum=12.0",
                claude + ",gen_ai.token.type=input" + server, "count=1 sum=260.0",
                claude + ",gen_ai.token.type=output" + server, "count=1 sum=5.0"));
    assertThat(counts(OpenAiJavaTest.last(metrics, "gen_ai.client.operation.duration")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(mini + server, 3L, embeddings + server, 1L, claude + server, 1L));
    assertThat(counts(OpenAiJavaTest.last(metrics, "clude.tool.duration")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "gen_ai.operation.name=execute_tool,gen_ai.tool.name=getTime", 1L,
                "gen_ai.operation.name=execute_tool,gen_ai.tool.name=getWeather", 1L));
    assertThat(counts(OpenAiJavaTest.last(metrics, "clude.task.duration")))
        .containsExactly(Map.entry("gen_ai.agent.name=Assistant.answer,gen_ai.operation.name=invoke_agent", 1L));

    Map<String, Double> cost = new TreeMap<>();
    for (NumberDataPoint p : OpenAiJavaTest.last(metrics, "clude.gen_ai.cost").getSum().getDataPointsList()) {
      cost.put(OpenAiJavaTest.attributes(p.getAttributesList()), p.getAsDouble());
    }
    assertThat(cost.keySet())
        .containsExactlyInAnyOrder(
            "gen_ai.provider.name=openai,gen_ai.response.model=gpt-4o-mini-2024-07-18",
            "gen_ai.provider.name=anthropic,gen_ai.response.model=claude-sonnet-4-5-20250929");
    assertThat(cost.get("gen_ai.provider.name=openai,gen_ai.response.model=gpt-4o-mini-2024-07-18"))
        .isCloseTo(9.15E-5 + 1.14E-4 + 4.95E-6, within(1e-15));
    assertThat(cost.get("gen_ai.provider.name=anthropic,gen_ai.response.model=claude-sonnet-4-5-20250929"))
        .isCloseTo(3.15E-4, within(1e-15));
    List<NumberDataPoint> unpriced = OpenAiJavaTest.last(metrics, "clude.gen_ai.cost.unpriced").getSum().getDataPointsList();
    assertThat(unpriced).hasSize(1);
    assertThat(OpenAiJavaTest.attributes(unpriced.get(0).getAttributesList()))
        .isEqualTo("gen_ai.provider.name=openai,gen_ai.response.model=text-embedding-3-small");
    assertThat(unpriced.get(0).getAsInt()).isEqualTo(1);
  }

  private static Map<String, String> histogramPoints(Metric metric) {
    Map<String, String> out = new TreeMap<>();
    for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
      out.put(OpenAiJavaTest.attributes(p.getAttributesList()), "count=" + p.getCount() + " sum=" + p.getSum());
    }
    return out;
  }

  private static Map<String, Long> counts(Metric metric) {
    Map<String, Long> out = new TreeMap<>();
    for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
      out.put(OpenAiJavaTest.attributes(p.getAttributesList()), p.getCount());
    }
    return out;
  }
}
