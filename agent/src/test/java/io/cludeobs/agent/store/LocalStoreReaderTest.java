package io.cludeobs.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreReaderTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir Path dataDir;

  /** One request as the Collector's file exporter writes it, with enums as numbers and int64 as strings. */
  private static String request(String spanId, String parent, String name, String extraSpanFields) {
    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":["
        + "{\"key\":\"service.name\",\"value\":{\"stringValue\":\"coder\"}}]},"
        + "\"scopeSpans\":[{\"scope\":{\"name\":\"clude-obs\"},\"spans\":[{"
        + "\"traceId\":\""
        + TRACE
        + "\",\"spanId\":\""
        + spanId
        + "\""
        + (parent == null ? "" : ",\"parentSpanId\":\"" + parent + "\"")
        + ",\"name\":\""
        + name
        + "\",\"kind\":3,\"startTimeUnixNano\":\"1700000000000000000\","
        + "\"endTimeUnixNano\":\"1700000000120000000\""
        + extraSpanFields
        + "}]}]}]}";
  }

  private void writeTraces(String fileName, String content) throws Exception {
    Path dir = Files.createDirectories(dataDir.resolve("traces"));
    Files.write(dir.resolve(fileName), content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTypedAttributesStatusKindAndServiceName() throws Exception {
    String attributes =
        ",\"attributes\":["
            + "{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-x\"}},"
            + "{\"key\":\"gen_ai.usage.input_tokens\",\"value\":{\"intValue\":\"120\"}},"
            + "{\"key\":\"temperature\",\"value\":{\"doubleValue\":0.25}},"
            + "{\"key\":\"stream\",\"value\":{\"boolValue\":true}},"
            + "{\"key\":\"stops\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"a\"},"
            + "{\"stringValue\":\"b\"}]}}},"
            + "{\"key\":\"sizes\",\"value\":{\"arrayValue\":{\"values\":[{\"intValue\":\"1\"},"
            + "{\"intValue\":\"2\"}]}}}],"
            + "\"status\":{\"code\":2,\"message\":\"boom\"},"
            + "\"someFutureField\":{\"nested\":[1,2,3]}";
    writeTraces("traces-20250101T000000-1.jsonl", request("00f067aa0ba902b7", "00000000000000aa", "chat gpt-x", attributes) + "\n");

    LocalStoreReader reader = LocalStoreReader.create(dataDir);
    List<StoredSpan> spans = reader.readSpans();

    assertThat(spans).hasSize(1);
    StoredSpan span = spans.get(0);
    assertThat(span.traceId()).isEqualTo(TRACE);
    assertThat(span.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(span.parentSpanId()).isEqualTo("00000000000000aa");
    assertThat(span.name()).isEqualTo("chat gpt-x");
    assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.startEpochNanos()).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(span.endEpochNanos()).isEqualTo(1_700_000_000_120_000_000L);
    assertThat(span.statusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.statusMessage()).isEqualTo("boom");
    assertThat(span.serviceName()).isEqualTo("coder");
    assertThat(span.attributes())
        .containsExactly(
            entry("gen_ai.request.model", "gpt-x"),
            entry("gen_ai.usage.input_tokens", 120L),
            entry("temperature", 0.25d),
            entry("stream", true),
            entry("stops", Arrays.asList("a", "b")),
            entry("sizes", Arrays.asList(1L, 2L)));
    assertThat(reader.skippedLines()).isZero();
  }

  @Test
  void rootSpanHasNullParentAndMissingStatusIsUnset() throws Exception {
    writeTraces("traces-20250101T000000-1.jsonl", request("00000000000000aa", null, "invoke_agent A", "") + "\n");

    StoredSpan span = LocalStoreReader.create(dataDir).readSpans().get(0);

    assertThat(span.parentSpanId()).isNull();
    assertThat(span.statusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.statusMessage()).isEmpty();
    assertThat(span.attributes()).isEqualTo(Collections.<String, Object>emptyMap());
  }

  @Test
  void corruptForeignAndHalfWrittenLinesAreSkippedAndCounted() throws Exception {
    String good1 = request("00000000000000aa", null, "invoke_agent A", "");
    String good2 = request("00000000000000bb", "00000000000000aa", "execute_tool t", "");
    String content =
        good1
            + "\n"
            + "this is not json\n"
            + "{\"resourceMetrics\":[]}\n"
            + "\n"
            + good2
            + "\n"
            // the process died while writing the last line
            + good1.substring(0, good1.length() / 2);
    writeTraces("traces-20250101T000000-1.jsonl", content);

    LocalStoreReader reader = LocalStoreReader.create(dataDir);
    List<StoredSpan> spans = reader.readSpans();

    assertThat(spans).extracting(StoredSpan::name).containsExactly("invoke_agent A", "execute_tool t");
    assertThat(reader.skippedLines()).isEqualTo(3);
    assertThat(reader.skippedSpans()).isZero();
  }

  @Test
  void spansWithoutIdsAreSkippedAndCounted() throws Exception {
    String noTraceId =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"00000000000000aa\",\"name\":\"x\"}]}]}]}";
    writeTraces("traces-20250101T000000-1.jsonl", noTraceId + "\n");

    LocalStoreReader reader = LocalStoreReader.create(dataDir);

    assertThat(reader.readSpans()).isEmpty();
    assertThat(reader.skippedSpans()).isEqualTo(1);
    assertThat(reader.skippedLines()).isZero();
  }

  @Test
  void readsEveryProcessAndRotationButNotOtherFiles() throws Exception {
    writeTraces("traces-20250101T000000-1.jsonl", request("00000000000000a1", null, "one", "") + "\n");
    writeTraces("traces-20250101T000000-1.1.jsonl", request("00000000000000a2", null, "two", "") + "\n");
    writeTraces("traces-20250102T000000-2.jsonl", request("00000000000000a3", null, "three", "") + "\n");
    writeTraces("notes.txt", request("00000000000000a4", null, "ignored", "") + "\n");

    List<StoredSpan> spans = LocalStoreReader.create(dataDir).readSpans();

    assertThat(spans).extracting(StoredSpan::name).containsExactlyInAnyOrder("one", "two", "three");
  }

  @Test
  void missingDataDirReadsAsEmpty() throws Exception {
    LocalStoreReader reader = LocalStoreReader.create(dataDir.resolve("nothing-here"));

    assertThat(reader.traceFiles()).isEmpty();
    assertThat(reader.readSpans()).isEmpty();
  }

  @Test
  void acceptsProtoEnumNamesAndNumericInt64() throws Exception {
    String line =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\""
            + TRACE.toUpperCase()
            + "\",\"spanId\":\"00000000000000AA\",\"parentSpanId\":\"\",\"name\":\"n\","
            + "\"kind\":\"SPAN_KIND_SERVER\",\"startTimeUnixNano\":5,\"endTimeUnixNano\":9,"
            + "\"status\":{\"code\":\"STATUS_CODE_OK\"}}]}]}]}";
    writeTraces("traces-20250101T000000-1.jsonl", line + "\n");

    StoredSpan span = LocalStoreReader.create(dataDir).readSpans().get(0);

    assertThat(span.traceId()).isEqualTo(TRACE);
    assertThat(span.spanId()).isEqualTo("00000000000000aa");
    assertThat(span.parentSpanId()).isNull();
    assertThat(span.kind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.startEpochNanos()).isEqualTo(5);
    assertThat(span.durationNanos()).isEqualTo(4);
    assertThat(span.statusCode()).isEqualTo(StatusCode.OK);
    assertThat(span.serviceName()).isNull();
    Map<String, Object> none = span.attributes();
    assertThat(none).isEmpty();
  }
}
