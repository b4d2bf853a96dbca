package com.acme.app.tools;

/** Always fails, as a tool whose command exits non-zero would. */
public final class FailingTool implements AgentTool {
  @Override
  public String execute(ToolCall call) {
    throw new IllegalStateException("tool failed on " + call.argument());
  }
}
