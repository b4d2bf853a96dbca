package io.cludeobs.agent.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cludeobs.agent.store.LocalStoreFiles;
import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import io.cludeobs.agent.store.LocalStoreReader;
import io.cludeobs.agent.store.StoredSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSpanExporterTest {

  private static final long T0 = 1_700_000_000_000_000_000L;

  @TempDir Path dataDir;

  private final List<String> problems = new ArrayList<>();

  /** Ends a small agent run: a root with an LLM call and a failed tool call under it. */
  private String[] writeAgentRun() {
    FileSpanExporter exporter =
        FileSpanExporter.create(dataDir, 1 << 20, problems::add, Instant.parse("2025-01-01T00:00:00Z"));
    BatchingSpanProcessor processor =
        BatchingSpanProcessor.builder(exporter).exportInterval(Duration.ofHours(1)).build();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "coder")))
            .addSpanProcessor(processor)
            .build();
    Tracer tracer = provider.get("clude-obs");

    Span root =
        tracer.spanBuilder("invoke_agent CodingAgent.handle").setStartTimestamp(T0, TimeUnit.NANOSECONDS).startSpan();
    Context inRoot = Context.root().with(root);
    Span chat =
        tracer
            .spanBuilder("chat gpt-x")
            .setParent(inRoot)
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(T0 + 1_000_000, TimeUnit.NANOSECONDS)
            .setAttribute("gen_ai.request.model", "gpt-x")
            .setAttribute("gen_ai.usage.input_tokens", 120L)
            .setAttribute("gen_ai.request.temperature", 0.5d)
            .setAttribute("gen_ai.request.stream", true)
            .setAttribute(
                AttributeKey.stringArrayKey("gen_ai.request.stop_sequences"), Arrays.asList("END", "STOP"))
            .startSpan();
    chat.end(T0 + 121_000_000, TimeUnit.NANOSECONDS);
    Span tool =
        tracer
            .spanBuilder("execute_tool read_file")
            .setParent(inRoot)
            .setStartTimestamp(T0 + 130_000_000, TimeUnit.NANOSECONDS)
            .setAttribute("gen_ai.tool.name", "read_file")
            .startSpan();
    tool.setStatus(StatusCode.ERROR, "no such file");
    tool.end(T0 + 133_100_000, TimeUnit.NANOSECONDS);
    root.end(T0 + 200_000_000, TimeUnit.NANOSECONDS);

    provider.shutdown().join(10, TimeUnit.SECONDS);
    assertThat(processor.exportedSpans()).isEqualTo(3);
    return new String[] {
      root.getSpanContext().getTraceId(),
      root.getSpanContext().getSpanId(),
      chat.getSpanContext().getSpanId(),
      tool.getSpanContext().getSpanId()
    };
  }

  @Test
  void spansRoundTripThroughTheLocalStoreReader() throws Exception {
    String[] ids = writeAgentRun();
    String traceId = ids[0];

    LocalStoreReader reader = LocalStoreReader.create(dataDir);
    List<StoredSpan> spans = reader.readSpans();

    assertThat(reader.skippedLines()).isZero();
    assertThat(spans).extracting(StoredSpan::name)
        .containsExactly("chat gpt-x", "execute_tool read_file", "invoke_agent CodingAgent.handle");
    StoredSpan chat = spans.get(0);
    assertThat(chat.traceId()).isEqualTo(traceId);
    assertThat(chat.spanId()).isEqualTo(ids[2]);
    assertThat(chat.parentSpanId()).isEqualTo(ids[1]);
    assertThat(chat.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(chat.startEpochNanos()).isEqualTo(T0 + 1_000_000);
    assertThat(chat.endEpochNanos()).isEqualTo(T0 + 121_000_000);
    assertThat(chat.statusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(chat.serviceName()).isEqualTo("coder");
    assertThat(chat.attributes())
        .containsOnly(
            entry("gen_ai.request.model", "gpt-x"),
            entry("gen_ai.request.stop_sequences", Arrays.asList("END", "STOP")),
            entry("gen_ai.request.stream", true),
            entry("gen_ai.request.temperature", 0.5d),
            entry("gen_ai.usage.input_tokens", 120L));

    StoredSpan tool = spans.get(1);
    assertThat(tool.spanId()).isEqualTo(ids[3]);
    assertThat(tool.parentSpanId()).isEqualTo(ids[1]);
    assertThat(tool.kind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(tool.statusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(tool.statusMessage()).isEqualTo("no such file");
    assertThat(tool.durationNanos()).isEqualTo(3_100_000);
    assertThat(tool.attributes()).containsExactly(entry("gen_ai.tool.name", "read_file"));

    StoredSpan root = spans.get(2);
    assertThat(root.spanId()).isEqualTo(ids[1]);
    assertThat(root.parentSpanId()).isNull();
    assertThat(root.startEpochNanos()).isEqualTo(T0);
    assertThat(root.endEpochNanos()).isEqualTo(T0 + 200_000_000);
  }

  @Test
  void oneExportIsOneLineInTheCollectorFileExporterShape() throws Exception {
    String[] ids = writeAgentRun();

    List<Path> files = LocalStoreFiles.list(dataDir, Signal.TRACES);
    assertThat(files).hasSize(1);
    assertThat(files.get(0).getFileName().toString())
        .isEqualTo("traces-20250101T000000-" + ProcessHandle.current().pid() + ".jsonl");
    List<String> lines = Files.readAllLines(files.get(0), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(1);

    JsonNode request = new ObjectMapper().readTree(lines.get(0));
    assertThat(request.fieldNames()).toIterable().containsExactly("resourceSpans");
    JsonNode resourceSpans = request.get("resourceSpans");
    assertThat(resourceSpans).hasSize(1);
    JsonNode scopeSpans = resourceSpans.get(0).get("scopeSpans");
    assertThat(scopeSpans.get(0).get("scope").get("name").asText()).isEqualTo("clude-obs");
    JsonNode spans = scopeSpans.get(0).get("spans");
    assertThat(spans).hasSize(3);
    JsonNode chat = spans.get(0);
    assertThat(chat.get("traceId").asText()).isEqualTo(ids[0]).matches("[0-9a-f]{32}");
    assertThat(chat.get("spanId").asText()).isEqualTo(ids[2]).matches("[0-9a-f]{16}");
    assertThat(chat.get("parentSpanId").asText()).isEqualTo(ids[1]);
    assertThat(chat.get("kind").asInt()).isEqualTo(3);
    // int64 values are JSON strings in OTLP-JSON
    assertThat(chat.get("startTimeUnixNano").isTextual()).isTrue();
    assertThat(chat.get("startTimeUnixNano").asText()).isEqualTo(Long.toString(T0 + 1_000_000));
    assertThat(resourceSpans.get(0).get("resource").get("attributes").toString())
        .contains("{\"key\":\"service.name\",\"value\":{\"stringValue\":\"coder\"}}");
    assertThat(problems).isEmpty();
  }

  @Test
  void unwritableDataDirFailsTheExportWithoutThrowing() throws Exception {
    Path blocker = Files.write(dataDir.resolve("blocker"), new byte[0]);
    FileSpanExporter exporter =
        FileSpanExporter.create(blocker.resolve("data"), 1 << 20, problems::add, Instant.EPOCH);
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(BatchingSpanProcessor.builder(exporter).log(problems::add).build())
            .build();

    provider.get("t").spanBuilder("a").startSpan().end();
    provider.forceFlush().join(10, TimeUnit.SECONDS);
    provider.get("t").spanBuilder("b").startSpan().end();
    provider.shutdown().join(10, TimeUnit.SECONDS);

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0)).startsWith("data_dir ").endsWith("local store is off");
  }
}
