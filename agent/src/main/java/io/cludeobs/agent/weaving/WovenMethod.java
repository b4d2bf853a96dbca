package io.cludeobs.agent.weaving;

import io.cludeobs.agent.pointcut.Category;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One method the agent wove, with everything the hot path needs computed once at transform time:
 * span name, span and metric attributes, in-flight counter.
 */
public final class WovenMethod {

  final int id;
  final Category category;
  final String className;
  final String methodName;
  /** {@code com.acme.Foo.bar}: the value of {@code code.function.name}. */
  final String functionName;
  final String spanName;
  final SpanKind spanKind;
  final Attributes spanAttributes;
  final Attributes metricAttributes;
  final Attributes activeAttributes;
  /** The metric attributes' {@code gen_ai.tool.name}, or null; read on every tool call for the audit log. */
  final String toolName;
  /** A tool method whose first argument is a tool-call request; the bridge gets it as receiver. */
  boolean toolRequest;
  /** Metric attributes with {@code error.type}, per exception class name; bounded by distinct types. */
  final ConcurrentHashMap<String, Attributes> errorAttributes = new ConcurrentHashMap<>();

  WovenMethod(
      int id,
      Category category,
      String className,
      String methodName,
      String spanName,
      SpanKind spanKind,
      Attributes spanAttributes,
      Attributes metricAttributes,
      Attributes activeAttributes) {
    this.id = id;
    this.category = category;
    this.className = className;
    this.methodName = methodName;
    this.functionName = className + "." + methodName;
    this.spanName = spanName;
    this.spanKind = spanKind;
    this.spanAttributes = spanAttributes;
    this.metricAttributes = metricAttributes;
    this.activeAttributes = activeAttributes;
    this.toolName = metricAttributes.get(AttributeKey.stringKey("gen_ai.tool.name"));
  }

  public int id() {
    return id;
  }

  public Category category() {
    return category;
  }

  public String functionName() {
    return functionName;
  }

  public String spanName() {
    return spanName;
  }

  public SpanKind spanKind() {
    return spanKind;
  }

  public Attributes spanAttributes() {
    return spanAttributes;
  }

  public Attributes metricAttributes() {
    return metricAttributes;
  }

  public Attributes activeAttributes() {
    return activeAttributes;
  }

  /** The tool name of a tool method, or null. */
  public String toolName() {
    return toolName;
  }

  /** Whether the receiver the dispatcher sees is a tool-call request with name(), id(), arguments(). */
  public boolean toolRequest() {
    return toolRequest;
  }

  public ConcurrentHashMap<String, Attributes> errorAttributes() {
    return errorAttributes;
  }

  @Override
  public String toString() {
    return category.key() + " " + functionName;
  }
}
