package com.acme.app.tools;

/** What every tool of the sample app implements. */
public interface AgentTool {
  String execute(ToolCall call);
}
