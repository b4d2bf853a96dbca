package com.example.codingagent;

import com.example.codingagent.llm.ChatRequest;
import com.example.codingagent.llm.ChatResponse;
import com.example.codingagent.llm.LlmClient;
import com.example.codingagent.llm.Message;
import com.example.codingagent.tools.AgentTool;
import com.example.codingagent.tools.ToolCall;
import com.example.codingagent.tools.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The agent loop: ask the model for the next step, run the tools it asks for, repeat until it
 * answers.
 */
public final class CodingAgent {
  /** Model calls allowed per task, so a model that never answers cannot loop forever. */
  public static final int MAX_TURNS = 10;

  static final String SYSTEM_PROMPT =
      "You are a coding agent working in a project folder. Use the tools list_files, read_file and"
          + " write_file with paths relative to the project root. When done, answer in one"
          + " sentence.";

  private final LlmClient llm;
  private final String model;
  private final Map<String, AgentTool> tools = new LinkedHashMap<>();

  public CodingAgent(LlmClient llm, String model, List<AgentTool> tools) {
    this.llm = Objects.requireNonNull(llm, "llm");
    this.model = Objects.requireNonNull(model, "model");
    for (AgentTool tool : tools) {
      if (this.tools.put(tool.name(), tool) != null) {
        throw new IllegalArgumentException(
            "two tools are named '" + tool.name() + "'; give each tool a distinct name()");
      }
    }
  }

  /** Runs one task to its answer or to {@link #MAX_TURNS}; tool failures go back to the model. */
  public TaskResult handle(Task task) {
    List<Message> messages = new ArrayList<>();
    messages.add(Message.system(SYSTEM_PROMPT));
    messages.add(Message.user(task.prompt()));
    List<ToolCall> calls = new ArrayList<>();
    int failed = 0;
    long inputTokens = 0;
    long outputTokens = 0;
    for (int turn = 1; turn <= MAX_TURNS; turn++) {
      ChatResponse response = llm.complete(new ChatRequest(model, messages));
      inputTokens += response.usage().inputTokens();
      outputTokens += response.usage().outputTokens();
      if (response.toolCalls().isEmpty()) {
        return new TaskResult(
            task, response.content(), true, turn, calls, failed, inputTokens, outputTokens);
      }
      messages.add(Message.assistant(response.content(), response.toolCalls()));
      for (ToolCall call : response.toolCalls()) {
        calls.add(call);
        ToolResult result = run(call);
        if (result.isError()) {
          failed++;
        }
        messages.add(Message.toolResult(result));
      }
    }
    return new TaskResult(
        task,
        "no answer after " + MAX_TURNS + " turns",
        false,
        MAX_TURNS,
        calls,
        failed,
        inputTokens,
        outputTokens);
  }

  private ToolResult run(ToolCall call) {
    AgentTool tool = tools.get(call.name());
    if (tool == null) {
      return ToolResult.failure(
          call.id(), "unknown tool '" + call.name() + "'; available tools: " + tools.keySet());
    }
    try {
      return tool.execute(call);
    } catch (RuntimeException e) {
      // A failed tool is information for the model (it can try another file), not a crash.
      String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      return ToolResult.failure(call.id(), call.name() + " failed: " + reason);
    }
  }
}
