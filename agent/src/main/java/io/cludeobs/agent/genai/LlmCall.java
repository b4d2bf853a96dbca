package io.cludeobs.agent.genai;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One model call in flight: what the request said, what the response and stream chunks said so
 * far, and the span if the trace is sampled. Ends exactly once, whichever of return, stream end,
 * failure or cancel comes first.
 */
final class LlmCall {

  final LibraryReader reader;
  final String operationName;
  final long startNanos;
  final boolean capture;

  String requestModel;
  Double temperature;
  Double topP;
  long maxTokens = -1;
  String serverAddress;
  long serverPort = -1;

  String responseId;
  String responseModel;
  final List<String> finishReasons = new ArrayList<>();
  long inputTokens = -1;
  long outputTokens = -1;
  long cacheReadTokens = -1;
  long cacheCreationTokens = -1;
  long reasoningTokens = -1;
  volatile long firstChunkNanos = -1;

  /** Captured content, already redacted and capped; null when capture is off. */
  String inputMessages;
  String systemInstructions;
  String outputMessages;
  /** Stream deltas, joined into {@link #outputMessages} when the stream ends. */
  StringBuilder streamedText;
  final Map<Integer, StreamedToolCall> streamedToolCalls = new LinkedHashMap<>();

  Span span;
  Scope scope;
  private final AtomicBoolean ended = new AtomicBoolean();

  LlmCall(LibraryReader reader, String operationName, long startNanos, boolean capture) {
    this.reader = reader;
    this.operationName = operationName;
    this.startNanos = startNanos;
    this.capture = capture;
  }

  /** True for the one caller that may end the call. */
  boolean claimEnd() {
    return ended.compareAndSet(false, true);
  }

  void closeScope() {
    Scope s = scope;
    scope = null;
    if (s != null) {
      s.close();
    }
  }

  void addFinishReason(String reason) {
    if (reason != null && !reason.isEmpty()) {
      finishReasons.add(reason);
    }
  }

  /** The span's context, invalid when the call is not sampled. */
  SpanContext spanContext() {
    Span s = span;
    return s == null ? SpanContext.getInvalid() : s.getSpanContext();
  }

  /** The model prices and metrics go by: the response's, else the request's. */
  String pricedModel() {
    return responseModel != null ? responseModel : requestModel;
  }

  /** A tool call assembled from stream deltas. */
  static final class StreamedToolCall {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }
}
