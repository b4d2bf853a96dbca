package io.cludeobs.it.genai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * openai-java 4.8 in a real app with the real jar: chat completions sync, async, streamed and
 * callback-streamed, the Responses API, a tool call in between, and a model without a price.
 */
class OpenAiJavaTest {

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
    "gen_ai.tool.name",
    "gen_ai.tool.call.id",
    "gen_ai.tool.type",
    "error.type"
  };

  /** Costs are the bundled prices: e.g. gpt-4o-mini 600 input at 0.15, 400 cached at 0.075, 50 output at 0.60 per million. */
  static final String TREE =
      "invoke_agent OpenAiAgent.run [gen_ai.operation.name=invoke_agent]\n"
          + "  chat gpt-4o-mini [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=gpt-4o-mini,"
          + " gen_ai.request.temperature=0.2, gen_ai.request.top_p=0.9, gen_ai.request.max_tokens=256,"
          + " gen_ai.response.model=gpt-4o-mini-2024-07-18, gen_ai.response.id=chatcmpl-tool,"
          + " gen_ai.response.finish_reasons=[tool_calls], gen_ai.usage.input_tokens=1000, gen_ai.usage.output_tokens=50,"
          + " gen_ai.usage.cache_read.input_tokens=400, gen_ai.usage.reasoning.output_tokens=10, clude.gen_ai.cost=1.5E-4]\n"
          + "  execute_tool read_file [gen_ai.operation.name=execute_tool, gen_ai.tool.name=read_file,"
          + " gen_ai.tool.call.id=call_abc123, gen_ai.tool.type=function]\n"
          + "  chat gpt-4o-mini [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=gpt-4o-mini,"
          + " gen_ai.request.temperature=0.2, gen_ai.request.top_p=0.9, gen_ai.request.max_tokens=256,"
          + " gen_ai.response.model=gpt-4o-mini-2024-07-18, gen_ai.response.id=chatcmpl-answer,"
          + " gen_ai.response.finish_reasons=[stop], gen_ai.usage.input_tokens=1200, gen_ai.usage.output_tokens=20,"
          + " clude.gen_ai.cost=1.92E-4]\n"
          + "  chat gpt-4o [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=gpt-4o,"
          + " gen_ai.response.model=gpt-4o-2024-08-06, gen_ai.response.id=chatcmpl-async, gen_ai.response.finish_reasons=[stop],"
          + " gen_ai.usage.input_tokens=200, gen_ai.usage.output_tokens=100, clude.gen_ai.cost=0.0015]\n"
          + "  chat gpt-4o-mini [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=gpt-4o-mini,"
          + " gen_ai.response.model=gpt-4o-mini-2024-07-18, gen_ai.response.id=chatcmpl-stream,"
          + " gen_ai.response.finish_reasons=[stop], gen_ai.usage.input_tokens=20, gen_ai.usage.output_tokens=2,"
          + " clude.gen_ai.cost=4.2E-6]\n"
          + "  chat gpt-4.1-mini [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=gpt-4.1-mini,"
          + " gen_ai.response.model=gpt-4.1-mini-2025-04-14, gen_ai.response.id=chatcmpl-stream,"
          + " gen_ai.response.finish_reasons=[stop], gen_ai.usage.input_tokens=20, gen_ai.usage.output_tokens=2,"
          + " clude.gen_ai.cost=1.12E-5]\n"
          + "  chat gpt-4.1 [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=gpt-4.1,"
          + " gen_ai.request.max_tokens=64, gen_ai.response.model=gpt-4.1-2025-04-14, gen_ai.response.id=resp_1,"
          + " gen_ai.response.finish_reasons=[stop], gen_ai.usage.input_tokens=100, gen_ai.usage.output_tokens=20,"
          + " gen_ai.usage.cache_read.input_tokens=50, gen_ai.usage.reasoning.output_tokens=5, clude.gen_ai.cost=2.85E-4]\n"
          + "  chat gpt-5 [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=gpt-5,"
          + " gen_ai.response.model=gpt-5-2025-08-07, gen_ai.response.id=resp_stream, gen_ai.response.finish_reasons=[stop],"
          + " gen_ai.usage.input_tokens=40, gen_ai.usage.output_tokens=8, gen_ai.usage.cache_read.input_tokens=0,"
          + " gen_ai.usage.reasoning.output_tokens=3, clude.gen_ai.cost=1.3E-4]\n"
          + "  chat o4-mini [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=o4-mini,"
          + " gen_ai.response.model=o4-mini-2025-04-14, gen_ai.response.id=chatcmpl-stream]\n"
          + "  chat broken-model [gen_ai.operation.name=chat, gen_ai.provider.name=openai,"
          + " gen_ai.request.model=broken-model, error.type=com.openai.errors.InternalServerException] !ERROR\n"
          + "  chat acme-local-llm [gen_ai.operation.name=chat, gen_ai.provider.name=openai, gen_ai.request.model=acme-local-llm,"
          + " gen_ai.response.model=acme-local-llm, gen_ai.response.id=chatcmpl-local, gen_ai.response.finish_reasons=[stop],"
          + " gen_ai.usage.input_tokens=30, gen_ai.usage.output_tokens=5]\n";

  static final String ANSWER =
      "openai-agent answered: The README says hello. | async hi | Hello | Hello | responses hi | streamed answer | failed: InternalServerException | local hi";

  /** Texts of prompts, completions, tool arguments and results: none may leave the process by default. */
  static final List<String> CONTENT =
      List.of(
          "Summarise README.md", "careful agent", "README says hello", "hello from the repo", "async hello",
          "async hi", "stream hello", "responses hello", "responses hi", "streamed answer", "stream responses", "Be brief", "local hello",
          "local hi", "README.md", "sk-proj-", "AKIAABCDEFGHIJKLMNOP", "hunter2secret", "EMP-123456",
          "PRIVATE KEY");

  static Stream<String> jdks() {
    return Jdks.required();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void everyCallShapeGivesConventionSpansMetricsAndCostWithoutContent(String jdk) throws IOException {
    try (OpenAiWireServer server = OpenAiWireServer.start()) {
      Jvm.Result run = OpenAiRuns.agent(Jdks.resolve(jdk), server).run(Duration.ofSeconds(120));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains(ANSWER);
      assertThat(agentLines(run.stderr()))
          .containsExactly(
              "clude-obs: no price for model acme-local-llm: its cost is omitted; add it to the file named by"
                  + " clude.obs.genai.pricing_file (see docs/genai.md)");
      List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
      assertThat(SpanTree.render(spans, KEYS)).isEqualTo(TREE);

      List<Span> chats = named(spans, "chat ");
      for (Span chat : chats) {
        assertThat(chat.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(SpanTree.attributes(chat))
            .containsEntry("server.address", "127.0.0.1")
            .containsEntry("server.port", (long) server.port());
      }
      // the tool span links to the chat span whose response carried its call id
      Span tool = named(spans, "execute_tool").get(0);
      assertThat(tool.getLinksList()).hasSize(1);
      assertThat(tool.getLinks(0).getSpanId()).isEqualTo(chats.get(0).getSpanId());

      // a stream's span ends when its last chunk is read, not when createStreaming returns: the server
      // holds the first chunk and the rest back, so the first chunk and the end come no sooner than that
      for (Span stream : List.of(chats.get(3), chats.get(4), chats.get(6))) {
        double ttfc = (Double) SpanTree.attributes(stream).get("gen_ai.response.time_to_first_chunk");
        double seconds = (stream.getEndTimeUnixNano() - stream.getStartTimeUnixNano()) / 1e9;
        assertThat(ttfc).isGreaterThanOrEqualTo(OpenAiWireServer.FIRST_CHUNK_DELAY_MS / 1000.0).isLessThan(seconds);
        assertThat(seconds)
            .isGreaterThanOrEqualTo(
                (OpenAiWireServer.FIRST_CHUNK_DELAY_MS + OpenAiWireServer.NEXT_CHUNK_DELAY_MS) / 1000.0);
      }
      Span cancelled = chats.get(7);
      assertThat(SpanTree.attributes(cancelled))
          .containsEntry("clude.gen_ai.stream.cancelled", true)
          .containsKey("gen_ai.response.time_to_first_chunk");
      assertThat(chats.stream().filter(s -> SpanTree.attributes(s).containsKey("gen_ai.response.time_to_first_chunk")))
          .hasSize(4);
      assertThat(chats.stream().filter(s -> SpanTree.attributes(s).containsKey("clude.gen_ai.stream.cancelled")))
          .containsExactly(cancelled);

      assertMetrics(OtlpJson.readMetricFiles(run.dataDir().resolve("metrics")), server.port());
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
  void switchedOffGivesNoChatSpans(String jdk) throws IOException {
    try (OpenAiWireServer server = OpenAiWireServer.start()) {
      Jvm.Result run =
          OpenAiRuns.agent(Jdks.resolve(jdk), server)
              .sysProp("clude.obs.instrumentation.openai-java.enabled", "false")
              .run(Duration.ofSeconds(120));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains(ANSWER);
      assertThat(agentLines(run.stderr())).isEmpty();
      assertThat(SpanTree.render(OtlpJson.readTraceFiles(run.dataDir().resolve("traces")), "gen_ai.tool.name"))
          .isEqualTo(
              "invoke_agent OpenAiAgent.run\n"
                  + "  execute_tool read_file [gen_ai.tool.name=read_file]\n");
    }
  }

  private static void assertMetrics(List<Metric> metrics, int port) {
    String server = "server.address=127.0.0.1,server.port=" + port;
    Metric tokens = last(metrics, "gen_ai.client.token.usage");
    Map<String, String> tokenPoints = histogramPoints(tokens);
    String chat = "gen_ai.operation.name=chat,gen_ai.provider.name=openai,";
    assertThat(tokenPoints)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry(chat + "gen_ai.request.model=gpt-5,gen_ai.response.model=gpt-5-2025-08-07,gen_ai.token.type=input," + server, "count=1 sum=40.0"),
                Map.entry(chat + "gen_ai.request.model=gpt-5,gen_ai.response.model=gpt-5-2025-08-07,gen_ai.token.type=output," + server, "count=1 sum=8.0"),
                Map.entry(chat + "gen_ai.request.model=gpt-4o-mini,gen_ai.response.model=gpt-4o-mini-2024-07-18,gen_ai.token.type=input," + server, "count=3 sum=2220.0"),
                Map.entry(chat + "gen_ai.request.model=gpt-4o-mini,gen_ai.response.model=gpt-4o-mini-2024-07-18,gen_ai.token.type=output," + server, "count=3 sum=72.0"),
                Map.entry(chat + "gen_ai.request.model=gpt-4o,gen_ai.response.model=gpt-4o-2024-08-06,gen_ai.token.type=input," + server, "count=1 sum=200.0"),
                Map.entry(chat + "gen_ai.request.model=gpt-4o,gen_ai.response.model=gpt-4o-2024-08-06,gen_ai.token.type=output," + server, "count=1 sum=100.0"),
                Map.entry(chat + "gen_ai.request.model=gpt-4.1-mini,gen_ai.response.model=gpt-4.1-mini-2025-04-14,gen_ai.token.type=input," + server, "count=1 sum=20.0"),
                Map.entry(chat + "gen_ai.request.model=gpt-4.1-mini,gen_ai.response.model=gpt-4.1-mini-2025-04-14,gen_ai.token.type=output," + server, "count=1 sum=2.0"),
                Map.entry(chat + "gen_ai.request.model=gpt-4.1,gen_ai.response.model=gpt-4.1-2025-04-14,gen_ai.token.type=input," + server, "count=1 sum=100.0"),
                Map.entry(chat + "gen_ai.request.model=gpt-4.1,gen_ai.response.model=gpt-4.1-2025-04-14,gen_ai.token.type=output," + server, "count=1 sum=20.0"),
                Map.entry(chat + "gen_ai.request.model=acme-local-llm,gen_ai.response.model=acme-local-llm,gen_ai.token.type=input," + server, "count=1 sum=30.0"),
                Map.entry(chat + "gen_ai.request.model=acme-local-llm,gen_ai.response.model=acme-local-llm,gen_ai.token.type=output," + server, "count=1 sum=5.0")));
    assertThat(tokens.getHistogram().getDataPoints(0).getExplicitBoundsList())
        .containsExactly(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0, 65536.0, 262144.0, 1048576.0,
            4194304.0, 16777216.0, 67108864.0);

    Metric duration = last(metrics, "gen_ai.client.operation.duration");
    Map<String, Long> counts = new TreeMap<>();
    for (HistogramDataPoint p : duration.getHistogram().getDataPointsList()) {
      counts.put(attributes(p.getAttributesList()), p.getCount());
    }
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                chat + "gen_ai.request.model=gpt-4o-mini,gen_ai.response.model=gpt-4o-mini-2024-07-18," + server, 3L,
                chat + "gen_ai.request.model=gpt-4o,gen_ai.response.model=gpt-4o-2024-08-06," + server, 1L,
                chat + "gen_ai.request.model=gpt-4.1-mini,gen_ai.response.model=gpt-4.1-mini-2025-04-14," + server, 1L,
                chat + "gen_ai.request.model=gpt-4.1,gen_ai.response.model=gpt-4.1-2025-04-14," + server, 1L,
                chat + "gen_ai.request.model=o4-mini,gen_ai.response.model=o4-mini-2025-04-14," + server, 1L,
                chat + "gen_ai.request.model=gpt-5,gen_ai.response.model=gpt-5-2025-08-07," + server, 1L,
                "error.type=com.openai.errors.InternalServerException," + chat + "gen_ai.request.model=broken-model," + server, 1L,
                chat + "gen_ai.request.model=acme-local-llm,gen_ai.response.model=acme-local-llm," + server, 1L));
    assertThat(duration.getHistogram().getDataPoints(0).getExplicitBoundsList())
        .containsExactly(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

    Map<String, Double> cost = doubleSums(last(metrics, "clude.gen_ai.cost"));
    assertThat(cost.keySet())
        .containsExactlyInAnyOrder(
            "gen_ai.provider.name=openai,gen_ai.response.model=gpt-4o-mini-2024-07-18",
            "gen_ai.provider.name=openai,gen_ai.response.model=gpt-4o-2024-08-06",
            "gen_ai.provider.name=openai,gen_ai.response.model=gpt-4.1-mini-2025-04-14",
            "gen_ai.provider.name=openai,gen_ai.response.model=gpt-4.1-2025-04-14",
            "gen_ai.provider.name=openai,gen_ai.response.model=gpt-5-2025-08-07");
    assertThat(cost.get("gen_ai.provider.name=openai,gen_ai.response.model=gpt-5-2025-08-07")).isEqualTo(1.3E-4);
    assertThat(cost.get("gen_ai.provider.name=openai,gen_ai.response.model=gpt-4o-mini-2024-07-18"))
        .isCloseTo(0.00015 + 0.000192 + 0.0000042, within(1e-15));
    assertThat(cost.get("gen_ai.provider.name=openai,gen_ai.response.model=gpt-4o-2024-08-06")).isEqualTo(0.0015);
    assertThat(cost.get("gen_ai.provider.name=openai,gen_ai.response.model=gpt-4.1-mini-2025-04-14")).isEqualTo(1.12E-5);
    assertThat(cost.get("gen_ai.provider.name=openai,gen_ai.response.model=gpt-4.1-2025-04-14")).isEqualTo(2.85E-4);
    Metric unpriced = last(metrics, "clude.gen_ai.cost.unpriced");
    assertThat(unpriced.getSum().getDataPointsList()).hasSize(1);
    NumberDataPoint u = unpriced.getSum().getDataPoints(0);
    assertThat(attributes(u.getAttributesList())).isEqualTo("gen_ai.provider.name=openai,gen_ai.response.model=acme-local-llm");
    assertThat(u.getAsInt()).isEqualTo(1);
  }

  static List<Span> named(List<Span> spans, String prefix) {
    return spans.stream()
        .filter(s -> s.getName().startsWith(prefix))
        .sorted((a, b) -> Long.compare(a.getStartTimeUnixNano(), b.getStartTimeUnixNano()))
        .collect(Collectors.toList());
  }

  static List<String> agentLines(String stderr) {
    return stderr.lines().filter(l -> l.startsWith("clude-obs:")).collect(Collectors.toList());
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

  private static Map<String, Double> doubleSums(Metric metric) {
    Map<String, Double> out = new TreeMap<>();
    for (NumberDataPoint p : metric.getSum().getDataPointsList()) {
      out.put(attributes(p.getAttributesList()), p.getAsDouble());
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
