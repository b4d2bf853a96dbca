package com.example.codingagent.llm;

import com.example.codingagent.tools.ToolCall;
import java.util.List;
import java.util.Objects;

/** The model's next turn: either tool calls to run or, when there are none, the final answer. */
public final class ChatResponse {
  private final String model;
  private final String content;
  private final List<ToolCall> toolCalls;
  private final Usage usage;

  public ChatResponse(String model, String content, List<ToolCall> toolCalls, Usage usage) {
    this.model = Objects.requireNonNull(model, "model");
    this.content = Objects.requireNonNull(content, "content");
    this.toolCalls = List.copyOf(Objects.requireNonNull(toolCalls, "toolCalls"));
    this.usage = Objects.requireNonNull(usage, "usage");
  }

  /** The model that answered, as reported by the provider. */
  public String model() {
    return model;
  }

  /** The text of the turn; the final answer when {@link #toolCalls()} is empty. */
  public String content() {
    return content;
  }

  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  public Usage usage() {
    return usage;
  }

  @Override
  public String toString() {
    return "ChatResponse{model=" + model + ", toolCalls=" + toolCalls + ", usage=" + usage + "}";
  }
}
