package io.cludeobs.agent.metrics.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads metric points from OTLP-JSON lines: the local store's {@code metrics/} files and the
 * status endpoint's output. A line that does not parse is skipped and counted.
 */
public final class StoredMetrics {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** OTLP's AGGREGATION_TEMPORALITY_CUMULATIVE. */
  private static final int CUMULATIVE = 2;

  private final List<MetricPoint> points = new ArrayList<>();
  private long skippedLines;

  public static StoredMetrics read(List<Path> files) throws IOException {
    StoredMetrics out = new StoredMetrics();
    for (Path file : files) {
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line; (line = r.readLine()) != null; ) {
          out.addLine(line);
        }
      }
    }
    return out;
  }

  public static StoredMetrics parse(String lines) {
    StoredMetrics out = new StoredMetrics();
    for (String line : lines.split("\n")) {
      out.addLine(line);
    }
    return out;
  }

  public List<MetricPoint> points() {
    return points;
  }

  /** Lines that were not OTLP-JSON metrics (a torn last line after a crash, for instance). */
  public long skippedLines() {
    return skippedLines;
  }

  private void addLine(String line) {
    if (line.trim().isEmpty()) {
      return;
    }
    List<MetricPoint> parsed = new ArrayList<>();
    try {
      JsonNode root = MAPPER.readTree(line);
      for (JsonNode rm : root.path("resourceMetrics")) {
        Map<String, String> resource = attributes(rm.path("resource").path("attributes"));
        String source = resource.getOrDefault("service.name", "") + "/" + resource.getOrDefault("process.pid", "");
        for (JsonNode sm : rm.path("scopeMetrics")) {
          for (JsonNode m : sm.path("metrics")) {
            metric(m, source, parsed);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      skippedLines++;
      return;
    }
    points.addAll(parsed);
  }

  private static void metric(JsonNode m, String source, List<MetricPoint> out) {
    String name = m.path("name").asText();
    String unit = m.path("unit").asText("");
    if (m.has("sum")) {
      JsonNode sum = m.get("sum");
      boolean cumulative = sum.path("aggregationTemporality").asInt() == CUMULATIVE;
      for (JsonNode p : sum.path("dataPoints")) {
        out.add(
            MetricPoint.sum(
                name, unit, source, attributes(p.path("attributes")), int64(p.path("startTimeUnixNano")),
                int64(p.path("timeUnixNano")), cumulative, number(p)));
      }
    } else if (m.has("gauge")) {
      for (JsonNode p : m.get("gauge").path("dataPoints")) {
        out.add(MetricPoint.gauge(name, unit, source, attributes(p.path("attributes")), int64(p.path("timeUnixNano")), number(p)));
      }
    } else if (m.has("histogram")) {
      JsonNode h = m.get("histogram");
      boolean cumulative = h.path("aggregationTemporality").asInt() == CUMULATIVE;
      for (JsonNode p : h.path("dataPoints")) {
        double[] bounds = doubles(p.path("explicitBounds"));
        long[] counts = longs(p.path("bucketCounts"));
        if (counts.length == 0) {
          // a histogram without buckets still has an exact count and sum
          counts = new long[] {int64(p.path("count"))};
          bounds = new double[0];
        }
        out.add(
            MetricPoint.histogram(
                name, unit, source, attributes(p.path("attributes")), int64(p.path("startTimeUnixNano")),
                int64(p.path("timeUnixNano")), cumulative,
                HistogramBuckets.explicit(bounds, counts, p.path("sum").asDouble(0), optional(p, "min"), optional(p, "max"))));
      }
    } else if (m.has("exponentialHistogram")) {
      JsonNode h = m.get("exponentialHistogram");
      boolean cumulative = h.path("aggregationTemporality").asInt() == CUMULATIVE;
      for (JsonNode p : h.path("dataPoints")) {
        out.add(
            MetricPoint.histogram(
                name, unit, source, attributes(p.path("attributes")), int64(p.path("startTimeUnixNano")),
                int64(p.path("timeUnixNano")), cumulative,
                HistogramBuckets.exponential(
                    p.path("scale").asInt(), int64(p.path("zeroCount")),
                    p.path("positive").path("offset").asInt(), longs(p.path("positive").path("bucketCounts")),
                    p.path("negative").path("offset").asInt(), longs(p.path("negative").path("bucketCounts")),
                    p.path("sum").asDouble(0), optional(p, "min"), optional(p, "max"))));
      }
    }
  }

  private static double number(JsonNode p) {
    if (p.has("asDouble")) {
      return p.get("asDouble").asDouble();
    }
    return int64(p.path("asInt"));
  }

  private static double optional(JsonNode p, String field) {
    return p.has(field) ? p.get(field).asDouble() : Double.NaN;
  }

  /** OTLP-JSON writes 64-bit integers as strings. */
  private static long int64(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return 0;
    }
    return n.isTextual() ? Long.parseLong(n.asText()) : n.asLong();
  }

  private static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = int64(array.get(i));
    }
    return out;
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  private static Map<String, String> attributes(JsonNode keyValues) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode kv : keyValues) {
      JsonNode v = kv.path("value");
      String text;
      if (v.has("stringValue")) {
        text = v.get("stringValue").asText();
      } else if (v.has("intValue")) {
        text = String.valueOf(int64(v.get("intValue")));
      } else if (v.has("boolValue")) {
        text = String.valueOf(v.get("boolValue").asBoolean());
      } else if (v.has("doubleValue")) {
        text = String.valueOf(v.get("doubleValue").asDouble());
      } else {
        text = v.toString();
      }
      out.put(kv.path("key").asText(), text);
    }
    return out;
  }
}
