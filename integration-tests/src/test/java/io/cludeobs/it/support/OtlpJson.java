package io.cludeobs.it.support;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Parses OTLP-JSON lines (the Collector file exporter format: one export request per line) into the official proto
 * messages, strictly: unknown fields fail.
 *
 * <p>OTLP-JSON writes trace and span ids as hex while protobuf's JSON mapping reads bytes as base64, so every
 * {@code traceId}, {@code spanId} and {@code parentSpanId} value (spans, links, exemplars, log records) is converted
 * before parsing. No OTLP message has other JSON fields with these names, and attribute keys are values of a
 * {@code "key"} field, so the rewrite cannot touch user data.
 */
public final class OtlpJson {

  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private OtlpJson() {}

  /** Parses one line holding an ExportTraceServiceRequest. */
  public static ExportTraceServiceRequest traces(String line) {
    ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
    merge(line, builder, "ExportTraceServiceRequest");
    return builder.build();
  }

  /** Parses one line holding an ExportMetricsServiceRequest. */
  public static ExportMetricsServiceRequest metrics(String line) {
    ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
    merge(line, builder, "ExportMetricsServiceRequest");
    return builder.build();
  }

  private static void merge(String line, Message.Builder builder, String type) {
    try {
      PARSER.merge(hexIdsToBase64(line), builder);
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not an OTLP-JSON " + type + " line (" + e.getMessage() + "): " + abbreviate(line), e);
    }
  }

  /**
   * Reads every {@code *.jsonl} file under {@code dir} (recursively, in path order) and returns all spans in file
   * and line order. Blank lines and lines holding only metrics or logs are skipped, so a store that keeps all
   * signals in one folder can be read as is.
   */
  public static List<Span> readTraceFiles(Path dir) {
    List<Span> spans = new ArrayList<>();
    forEachLine(
        dir,
        (line, where) -> {
          if (!isSignal(line, "resourceSpans") && (isSignal(line, "resourceMetrics") || isSignal(line, "resourceLogs"))) {
            return;
          }
          for (ResourceSpans resourceSpans : parseAt(where, () -> traces(line)).getResourceSpansList()) {
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
              spans.addAll(scopeSpans.getSpansList());
            }
          }
        });
    return spans;
  }

  /**
   * Reads every {@code *.jsonl} file under {@code dir} like {@link #readTraceFiles(Path)} and returns all metrics;
   * lines holding only spans or logs are skipped.
   */
  public static List<Metric> readMetricFiles(Path dir) {
    List<Metric> metrics = new ArrayList<>();
    forEachLine(
        dir,
        (line, where) -> {
          if (!isSignal(line, "resourceMetrics") && (isSignal(line, "resourceSpans") || isSignal(line, "resourceLogs"))) {
            return;
          }
          for (ResourceMetrics resourceMetrics : parseAt(where, () -> metrics(line)).getResourceMetricsList()) {
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
              metrics.addAll(scopeMetrics.getMetricsList());
            }
          }
        });
    return metrics;
  }

  private interface LineConsumer {
    void accept(String line, String where);
  }

  private interface Parse<T> {
    T run();
  }

  private static <T> T parseAt(String where, Parse<T> parse) {
    try {
      return parse.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static void forEachLine(Path dir, LineConsumer consumer) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("OTLP-JSON directory " + dir + " does not exist or is not a directory");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jsonl"))
              .sorted()
              .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + dir, e);
    }
    for (Path file : files) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("could not read " + file, e);
      }
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).isBlank()) {
          consumer.accept(lines.get(i), file + ":" + (i + 1));
        }
      }
    }
  }

  // cheap top-level signal sniffing; the strict parse that follows catches anything this misjudges
  private static boolean isSignal(String line, String field) {
    return line.contains("\"" + field + "\"");
  }

  /** Rewrites the string values of id fields from hex to base64, leaving every other byte of the JSON text as is. */
  static String hexIdsToBase64(String json) {
    StringBuilder out = new StringBuilder(json.length());
    boolean idValueNext = false;
    int i = 0;
    int n = json.length();
    while (i < n) {
      char c = json.charAt(i);
      if (c == '"') {
        int end = endOfString(json, i);
        String token = json.substring(i, end);
        int next = end;
        while (next < n && Character.isWhitespace(json.charAt(next))) {
          next++;
        }
        if (next < n && json.charAt(next) == ':') {
          idValueNext = ID_FIELDS.contains(token.substring(1, token.length() - 1));
          out.append(token);
        } else {
          if (idValueNext) {
            out.append('"').append(hexToBase64(token.substring(1, token.length() - 1))).append('"');
          } else {
            out.append(token);
          }
          idValueNext = false;
        }
        i = end;
        continue;
      }
      if (c != ':' && !Character.isWhitespace(c)) {
        idValueNext = false;
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static int endOfString(String json, int openingQuote) {
    int i = openingQuote + 1;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException("unterminated JSON string starting at offset " + openingQuote);
  }

  static String hexToBase64(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("id '" + hex + "' is not hex: odd length " + hex.length());
    }
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      int high = Character.digit(hex.charAt(2 * i), 16);
      int low = Character.digit(hex.charAt(2 * i + 1), 16);
      if (high < 0 || low < 0) {
        throw new IllegalArgumentException("id '" + hex + "' is not hex");
      }
      bytes[i] = (byte) (high << 4 | low);
    }
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String abbreviate(String line) {
    return line.length() <= 300 ? line : line.substring(0, 300) + "...(" + line.length() + " chars)";
  }
}
