package com.example.codingagent.llm;

import com.example.codingagent.tools.ToolCall;
import com.example.codingagent.tools.ToolResult;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** One entry of a conversation: a system or user prompt, an assistant turn, or a tool result. */
public final class Message {

  /** Who wrote the message. */
  public enum Role {
    SYSTEM,
    USER,
    ASSISTANT,
    TOOL
  }

  private final Role role;
  private final String content;
  private final List<ToolCall> toolCalls;
  private final String toolCallId;
  private final boolean error;

  private Message(
      Role role, String content, List<ToolCall> toolCalls, String toolCallId, boolean error) {
    this.role = role;
    this.content = Objects.requireNonNull(content, "content");
    this.toolCalls = toolCalls;
    this.toolCallId = toolCallId;
    this.error = error;
  }

  public static Message system(String content) {
    return new Message(Role.SYSTEM, content, Collections.<ToolCall>emptyList(), null, false);
  }

  public static Message user(String content) {
    return new Message(Role.USER, content, Collections.<ToolCall>emptyList(), null, false);
  }

  /** An assistant turn; {@code toolCalls} is empty when the turn is the final answer. */
  public static Message assistant(String content, List<ToolCall> toolCalls) {
    return new Message(Role.ASSISTANT, content, List.copyOf(toolCalls), null, false);
  }

  /** The answer to one tool call, matched to it by call id. */
  public static Message toolResult(ToolResult result) {
    return new Message(
        Role.TOOL,
        result.content(),
        Collections.<ToolCall>emptyList(),
        result.callId(),
        result.isError());
  }

  public Role role() {
    return role;
  }

  public String content() {
    return content;
  }

  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** The id of the call this message answers, or {@code null} unless the role is TOOL. */
  public String toolCallId() {
    return toolCallId;
  }

  /** Whether this tool result reports a failed call. */
  public boolean isError() {
    return error;
  }

  @Override
  public String toString() {
    return role + (toolCalls.isEmpty() ? "" : " " + toolCalls) + ": " + content;
  }
}
