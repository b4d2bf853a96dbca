package io.cludeobs.agent.store;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One span as read back from the local store. */
public final class StoredSpan {

  private final String traceId;
  private final String spanId;
  private final String parentSpanId;
  private final String name;
  private final SpanKind kind;
  private final long startEpochNanos;
  private final long endEpochNanos;
  private final StatusCode statusCode;
  private final String statusMessage;
  private final Map<String, Object> attributes;
  private final String serviceName;

  /**
   * A span; {@code parentSpanId} is null for a root, {@code statusMessage} is empty when absent, attribute
   * values are String, Long, Double, Boolean, List of those, or Map for key-value lists.
   */
  public StoredSpan(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      SpanKind kind,
      long startEpochNanos,
      long endEpochNanos,
      StatusCode statusCode,
      String statusMessage,
      Map<String, Object> attributes,
      String serviceName) {
    this.traceId = Objects.requireNonNull(traceId, "traceId");
    this.spanId = Objects.requireNonNull(spanId, "spanId");
    this.parentSpanId = parentSpanId;
    this.name = Objects.requireNonNull(name, "name");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.startEpochNanos = startEpochNanos;
    this.endEpochNanos = endEpochNanos;
    this.statusCode = Objects.requireNonNull(statusCode, "statusCode");
    this.statusMessage = statusMessage == null ? "" : statusMessage;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    this.serviceName = serviceName;
  }

  /** 32 lowercase hex digits. */
  public String traceId() {
    return traceId;
  }

  /** 16 lowercase hex digits. */
  public String spanId() {
    return spanId;
  }

  /** 16 lowercase hex digits, or null for a root span. */
  public String parentSpanId() {
    return parentSpanId;
  }

  public String name() {
    return name;
  }

  public SpanKind kind() {
    return kind;
  }

  public long startEpochNanos() {
    return startEpochNanos;
  }

  public long endEpochNanos() {
    return endEpochNanos;
  }

  /** End minus start, never negative. */
  public long durationNanos() {
    return Math.max(0, endEpochNanos - startEpochNanos);
  }

  public StatusCode statusCode() {
    return statusCode;
  }

  /** The status description, empty when there is none. */
  public String statusMessage() {
    return statusMessage;
  }

  /** Attributes in the order they were stored. */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** The attribute's value, or null. */
  public Object attribute(String key) {
    return attributes.get(key);
  }

  /** The resource's {@code service.name}, or null when the resource has none. */
  public String serviceName() {
    return serviceName;
  }

  @Override
  public String toString() {
    return "StoredSpan{"
        + name
        + " trace="
        + traceId
        + " span="
        + spanId
        + " parent="
        + parentSpanId
        + " "
        + statusCode
        + " "
        + attributes
        + "}";
  }
}
