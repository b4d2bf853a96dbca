package com.example.codingagent.tools;

import java.util.Objects;

/** What a tool call produced, fed back to the model as the message answering that call. */
public final class ToolResult {
  private final String callId;
  private final String content;
  private final boolean error;

  private ToolResult(String callId, String content, boolean error) {
    this.callId = Objects.requireNonNull(callId, "callId");
    this.content = Objects.requireNonNull(content, "content");
    this.error = error;
  }

  /** A successful result for the call with the given id. */
  public static ToolResult success(String callId, String content) {
    return new ToolResult(callId, content, false);
  }

  /** A failed result; {@code message} tells the model what went wrong so it can recover. */
  public static ToolResult failure(String callId, String message) {
    return new ToolResult(callId, message, true);
  }

  public String callId() {
    return callId;
  }

  public String content() {
    return content;
  }

  public boolean isError() {
    return error;
  }

  @Override
  public String toString() {
    return (error ? "error: " : "ok: ") + content;
  }
}
