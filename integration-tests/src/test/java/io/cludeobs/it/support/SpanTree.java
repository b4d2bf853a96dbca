package io.cludeobs.it.support;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deterministic text rendering of OTLP spans, so integration tests can assert a whole span tree with one string.
 *
 * <p>Format: one line per span ending in {@code \n}, two spaces of indent per depth, {@code name [k=v, k=v] !ERROR}
 * (the bracket only when a listed key is present, {@code !ERROR} only for error status). Roots come in start order,
 * children by start time then name. A span whose parent is not among the given spans is rendered as a root with a
 * {@code ?} prefix.
 */
public final class SpanTree {

  private static final Comparator<Span> START_THEN_NAME =
      Comparator.comparingLong(Span::getStartTimeUnixNano).thenComparing(Span::getName);

  private SpanTree() {}

  /** Renders {@code spans} as an indented tree showing only the given attribute keys, in that order. */
  public static String render(List<Span> spans, String... attributeKeys) {
    Set<String> present = new HashSet<>();
    for (Span span : spans) {
      present.add(key(span.getTraceId(), span.getSpanId()));
    }
    Map<String, List<Span>> children = new HashMap<>();
    List<Span> roots = new ArrayList<>();
    for (Span span : spans) {
      String parent = key(span.getTraceId(), span.getParentSpanId());
      if (!span.getParentSpanId().isEmpty() && present.contains(parent)) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(span);
      } else {
        roots.add(span);
      }
    }
    roots.sort(START_THEN_NAME);
    StringBuilder out = new StringBuilder();
    Set<String> rendered = new HashSet<>();
    for (Span root : roots) {
      boolean orphan = !root.getParentSpanId().isEmpty();
      renderSpan(out, root, orphan, 0, children, attributeKeys, rendered);
    }
    // spans in a parent cycle are reachable from no root; show them rather than silently dropping them
    List<Span> unreached = new ArrayList<>();
    for (Span span : spans) {
      if (!rendered.contains(key(span.getTraceId(), span.getSpanId()))) {
        unreached.add(span);
      }
    }
    unreached.sort(START_THEN_NAME);
    for (Span span : unreached) {
      if (!rendered.contains(key(span.getTraceId(), span.getSpanId()))) {
        out.append("(cycle) ");
        renderSpan(out, span, false, 0, children, attributeKeys, rendered);
      }
    }
    return out.toString();
  }

  private static void renderSpan(
      StringBuilder out,
      Span span,
      boolean orphan,
      int depth,
      Map<String, List<Span>> children,
      String[] attributeKeys,
      Set<String> rendered) {
    String self = key(span.getTraceId(), span.getSpanId());
    boolean firstVisit = rendered.add(self);
    for (int i = 0; i < depth; i++) {
      out.append("  ");
    }
    if (orphan) {
      out.append('?');
    }
    out.append(span.getName());
    Map<String, Object> attributes = attributes(span);
    StringBuilder shown = new StringBuilder();
    for (String attributeKey : attributeKeys) {
      if (attributes.containsKey(attributeKey)) {
        shown.append(shown.length() == 0 ? "" : ", ").append(attributeKey).append('=').append(format(attributes.get(attributeKey)));
      }
    }
    if (shown.length() > 0) {
      out.append(" [").append(shown).append(']');
    }
    if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
      out.append(" !ERROR");
    }
    out.append('\n');
    if (!firstVisit) {
      // a duplicate span id: its children were already rendered under the first copy
      return;
    }
    List<Span> kids = new ArrayList<>(children.getOrDefault(self, Collections.emptyList()));
    kids.sort(START_THEN_NAME);
    for (Span kid : kids) {
      renderSpan(out, kid, false, depth + 1, children, attributeKeys, rendered);
    }
  }

  private static String format(Object value) {
    if (value instanceof ByteString) {
      return "0x" + hex((ByteString) value);
    }
    return String.valueOf(value);
  }

  /**
   * The span's attributes as typed values in their original order: String, Long, Double, Boolean, ByteString,
   * {@code List<Object>} for arrays and {@code Map<String,Object>} for key-value lists.
   */
  public static Map<String, Object> attributes(Span span) {
    return attributes(span.getAttributesList());
  }

  /** Typed values of any OTLP attribute list (resource, scope, span, event, link or metric point). */
  public static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      result.put(keyValue.getKey(), value(keyValue.getValue()));
    }
    return Collections.unmodifiableMap(result);
  }

  static Object value(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case INT_VALUE:
        return value.getIntValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      case BYTES_VALUE:
        return value.getBytesValue();
      case ARRAY_VALUE:
        List<Object> list = new ArrayList<>();
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          list.add(value(element));
        }
        return Collections.unmodifiableList(list);
      case KVLIST_VALUE:
        return attributes(value.getKvlistValue().getValuesList());
      default:
        return null;
    }
  }

  /**
   * Groups spans by trace id; traces ordered by their earliest start time, spans within a trace by start time then
   * name.
   */
  public static List<List<Span>> byTrace(List<Span> spans) {
    Map<ByteString, List<Span>> traces = new LinkedHashMap<>();
    for (Span span : spans) {
      traces.computeIfAbsent(span.getTraceId(), k -> new ArrayList<>()).add(span);
    }
    List<List<Span>> result = new ArrayList<>();
    for (List<Span> trace : traces.values()) {
      trace.sort(START_THEN_NAME);
      result.add(Collections.unmodifiableList(trace));
    }
    result.sort(Comparator.comparing((List<Span> trace) -> trace.get(0), START_THEN_NAME));
    return Collections.unmodifiableList(result);
  }

  /** Lower-case hex of an id such as a trace or span id. */
  public static String hex(ByteString bytes) {
    StringBuilder out = new StringBuilder(bytes.size() * 2);
    for (int i = 0; i < bytes.size(); i++) {
      int b = bytes.byteAt(i) & 0xff;
      out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return out.toString();
  }

  private static String key(ByteString traceId, ByteString spanId) {
    return hex(traceId) + '/' + hex(spanId);
  }
}
