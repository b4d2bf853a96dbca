package com.example.codingagent;

import com.example.codingagent.tools.ToolCall;
import java.util.List;
import java.util.Objects;

/** How a task ended: the final answer (if any), the tool calls made, and what it cost. */
public final class TaskResult {
  private final Task task;
  private final String answer;
  private final boolean completed;
  private final int turns;
  private final List<ToolCall> toolCalls;
  private final int failedToolCalls;
  private final long inputTokens;
  private final long outputTokens;

  TaskResult(
      Task task,
      String answer,
      boolean completed,
      int turns,
      List<ToolCall> toolCalls,
      int failedToolCalls,
      long inputTokens,
      long outputTokens) {
    this.task = Objects.requireNonNull(task, "task");
    this.answer = Objects.requireNonNull(answer, "answer");
    this.completed = completed;
    this.turns = turns;
    this.toolCalls = List.copyOf(toolCalls);
    this.failedToolCalls = failedToolCalls;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
  }

  public Task task() {
    return task;
  }

  /** The model's final answer, or why the agent stopped when {@link #completed()} is false. */
  public String answer() {
    return answer;
  }

  /** Whether the model answered within the turn limit. */
  public boolean completed() {
    return completed;
  }

  /** Model calls made. */
  public int turns() {
    return turns;
  }

  /** Every tool call the model requested, in order, including failed ones. */
  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  public int failedToolCalls() {
    return failedToolCalls;
  }

  public long inputTokens() {
    return inputTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }

  @Override
  public String toString() {
    return task.id()
        + ": "
        + (completed ? "done" : "stopped")
        + " in "
        + turns
        + " turns, "
        + toolCalls.size()
        + " tool calls ("
        + failedToolCalls
        + " failed), "
        + inputTokens
        + " input / "
        + outputTokens
        + " output tokens: "
        + answer;
  }
}
