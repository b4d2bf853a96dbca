package com.example.codingagent.tools;

/** A capability the agent offers the model, such as reading or writing a file in the workspace. */
public interface AgentTool {

  /** The name the model uses to request this tool. */
  String name();

  /**
   * Carries out one call.
   *
   * @throws RuntimeException when the call cannot be carried out; the agent reports it back to the
   *     model as a failed tool result
   */
  ToolResult execute(ToolCall call);
}
