package io.cludeobs.agent.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the spans of every trace file under a data dir (all processes, all rotations), OTLP-JSON one request per
 * line as the Collector's file exporter writes it.
 *
 * <p>Bad input is never fatal: a line that is not JSON (a half-written last line, a corrupt one) or not a trace
 * request is skipped and counted; a span without ids is skipped and counted; unknown fields are ignored. Not
 * thread-safe: one reader per command.
 */
public final class LocalStoreReader {

  // Strict about trailing tokens so that two lines fused by a torn write are skipped, not half-read.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final SpanKind[] KINDS = {
    SpanKind.INTERNAL, SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER
  };

  private final Path dataDir;
  private long skippedLines;
  private long skippedSpans;
  private long unreadableFiles;

  private LocalStoreReader(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** A reader of the store under {@code dataDir}; counts start at zero. */
  public static LocalStoreReader create(Path dataDir) {
    return new LocalStoreReader(Objects.requireNonNull(dataDir, "dataDir"));
  }

  /** The trace files that {@link #readSpans()} reads; empty when the data dir has no traces folder. */
  public List<Path> traceFiles() throws IOException {
    return LocalStoreFiles.list(dataDir, Signal.TRACES);
  }

  /**
   * Every readable span of every trace file, in file and line order.
   *
   * @throws IOException only when the traces folder itself cannot be listed; a file that cannot be read is
   *     counted in {@link #unreadableFiles()}
   */
  public List<StoredSpan> readSpans() throws IOException {
    List<StoredSpan> spans = new ArrayList<>();
    for (Path file : traceFiles()) {
      readFile(file, spans);
    }
    return spans;
  }

  /** Every readable span grouped into traces, newest first; see {@link StoredTrace#group(List)}. */
  public List<StoredTrace> readTraces() throws IOException {
    return StoredTrace.group(readSpans());
  }

  /** Lines skipped so far because they were not a JSON trace request. */
  public long skippedLines() {
    return skippedLines;
  }

  /** Spans skipped so far because they lacked a trace or span id. */
  public long skippedSpans() {
    return skippedSpans;
  }

  /** Files that could not be opened or read to the end. */
  public long unreadableFiles() {
    return unreadableFiles;
  }

  private void readFile(Path file, List<StoredSpan> out) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.trim().isEmpty()) {
          readLine(line, out);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Includes MalformedInputException from a torn multi-byte character; keep what was read before it.
      unreadableFiles++;
    }
  }

  void readLine(String line, List<StoredSpan> out) {
    JsonNode root;
    try {
      root = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      skippedLines++;
      return;
    }
    JsonNode resourceSpans = root == null ? null : root.get("resourceSpans");
    if (resourceSpans == null || !resourceSpans.isArray()) {
      skippedLines++;
      return;
    }
    for (JsonNode resourceSpan : resourceSpans) {
      Map<String, Object> resource = attributes(resourceSpan.path("resource").path("attributes"));
      Object service = resource.get("service.name");
      String serviceName = service == null ? null : String.valueOf(service);
      for (JsonNode scopeSpan : resourceSpan.path("scopeSpans")) {
        for (JsonNode span : scopeSpan.path("spans")) {
          StoredSpan stored = span(span, serviceName);
          if (stored == null) {
            skippedSpans++;
          } else {
            out.add(stored);
          }
        }
      }
    }
  }

  private static StoredSpan span(JsonNode span, String serviceName) {
    String traceId = id(span.get("traceId"));
    String spanId = id(span.get("spanId"));
    if (traceId == null || spanId == null) {
      return null;
    }
    JsonNode status = span.path("status");
    return new StoredSpan(
        traceId,
        spanId,
        id(span.get("parentSpanId")),
        span.path("name").asText(""),
        kind(span.get("kind")),
        int64(span.get("startTimeUnixNano")),
        int64(span.get("endTimeUnixNano")),
        statusCode(status.get("code")),
        status.path("message").asText(""),
        attributes(span.path("attributes")),
        serviceName);
  }

  private static String id(JsonNode node) {
    if (node == null || !node.isTextual() || node.asText().isEmpty()) {
      return null;
    }
    return node.asText().toLowerCase(Locale.ROOT);
  }

  // OTLP-JSON writes int64 as a string; accept a plain number too.
  private static long int64(JsonNode node) {
    if (node == null) {
      return 0;
    }
    if (node.isNumber()) {
      return node.asLong();
    }
    try {
      return Long.parseLong(node.asText());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  // Enums are numbers in OTLP-JSON; the proto names (SPAN_KIND_CLIENT) are accepted as well.
  private static SpanKind kind(JsonNode node) {
    if (node == null) {
      return SpanKind.INTERNAL;
    }
    if (node.isNumber()) {
      int value = node.asInt();
      return value >= 0 && value < KINDS.length ? KINDS[value] : SpanKind.INTERNAL;
    }
    String text = node.asText().toUpperCase(Locale.ROOT).replace("SPAN_KIND_", "");
    for (SpanKind kind : SpanKind.values()) {
      if (kind.name().equals(text)) {
        return kind;
      }
    }
    return SpanKind.INTERNAL;
  }

  private static StatusCode statusCode(JsonNode node) {
    if (node == null) {
      return StatusCode.UNSET;
    }
    if (node.isNumber()) {
      switch (node.asInt()) {
        case 1:
          return StatusCode.OK;
        case 2:
          return StatusCode.ERROR;
        default:
          return StatusCode.UNSET;
      }
    }
    String text = node.asText().toUpperCase(Locale.ROOT).replace("STATUS_CODE_", "");
    if ("OK".equals(text)) {
      return StatusCode.OK;
    }
    return "ERROR".equals(text) ? StatusCode.ERROR : StatusCode.UNSET;
  }

  private static Map<String, Object> attributes(JsonNode keyValues) {
    if (!keyValues.isArray() || keyValues.size() == 0) {
      return Collections.emptyMap();
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (JsonNode keyValue : keyValues) {
      JsonNode key = keyValue.get("key");
      if (key == null || !key.isTextual()) {
        continue;
      }
      Object value = anyValue(keyValue.get("value"));
      if (value != null) {
        map.put(key.asText(), value);
      }
    }
    return map;
  }

  private static Object anyValue(JsonNode value) {
    if (value == null || !value.isObject()) {
      return null;
    }
    JsonNode node;
    if ((node = value.get("stringValue")) != null) {
      return node.asText();
    }
    if ((node = value.get("intValue")) != null) {
      return int64(node);
    }
    if ((node = value.get("doubleValue")) != null) {
      // NaN and infinities arrive as strings
      return node.isNumber() ? node.asDouble() : parseDouble(node.asText());
    }
    if ((node = value.get("boolValue")) != null) {
      return node.asBoolean();
    }
    if ((node = value.get("arrayValue")) != null) {
      List<Object> list = new ArrayList<>();
      for (JsonNode element : node.path("values")) {
        Object item = anyValue(element);
        if (item != null) {
          list.add(item);
        }
      }
      return Collections.unmodifiableList(list);
    }
    if ((node = value.get("kvlistValue")) != null) {
      return Collections.unmodifiableMap(attributes(node.path("values")));
    }
    if ((node = value.get("bytesValue")) != null) {
      return node.asText();
    }
    return null;
  }

  private static Double parseDouble(String text) {
    try {
      return Double.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
