package io.cludeobs.agent.analysis;

import io.cludeobs.agent.store.StoredSpan;
import io.opentelemetry.api.trace.StatusCode;

/** One recorded call as the detectors see it: category, a name to group by, timing, outcome and tokens. */
final class Call {

  final String traceId;
  final String spanId;
  final String parentSpanId;
  /** {@code task}, {@code llm}, {@code tool}, {@code span} or {@code file}. */
  final String category;
  /** Tool name, model, task function, file operation or span name. */
  final String name;
  final long startNanos;
  final long endNanos;
  final boolean error;
  /** Input tokens of an LLM call; -1 when unknown. */
  final long inputTokens;
  /** The file path of a file operation, else null. */
  final String path;

  Call(
      String traceId,
      String spanId,
      String parentSpanId,
      String category,
      String name,
      long startNanos,
      long endNanos,
      boolean error,
      long inputTokens,
      String path) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.category = category;
    this.name = name;
    this.startNanos = startNanos;
    this.endNanos = endNanos;
    this.error = error;
    this.inputTokens = inputTokens;
    this.path = path;
  }

  double seconds() {
    return Math.max(0, endNanos - startNanos) / 1e9;
  }

  /** The series key: {@code tool grep}, {@code llm gpt-4o}. */
  String key() {
    return category + " " + name;
  }

  static Call of(StoredSpan s) {
    String category = string(s.attribute("clude.category"));
    String name;
    String path = null;
    String op = string(s.attribute("clude.file.operation"));
    if (op != null) {
      category = "file";
      name = op;
      path = string(s.attribute("file.path"));
    } else if ("tool".equals(category)) {
      name = orElse(string(s.attribute("gen_ai.tool.name")), s.name());
    } else if ("llm".equals(category)) {
      name = orElse(string(s.attribute("gen_ai.request.model")), orElse(string(s.attribute("gen_ai.response.model")), s.name()));
    } else if ("task".equals(category)) {
      name = orElse(string(s.attribute("code.function.name")), s.name());
    } else {
      category = category == null ? "span" : category;
      name = s.name();
    }
    Object tokens = s.attribute("gen_ai.usage.input_tokens");
    return new Call(
        s.traceId(),
        s.spanId(),
        s.parentSpanId(),
        category,
        name,
        s.startEpochNanos(),
        s.endEpochNanos(),
        s.statusCode() == StatusCode.ERROR,
        tokens instanceof Number ? ((Number) tokens).longValue() : -1,
        path);
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }

  private static String orElse(String a, String b) {
    return a != null ? a : b;
  }
}
