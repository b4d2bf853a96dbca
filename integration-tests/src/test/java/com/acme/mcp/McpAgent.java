package com.acme.mcp;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.Map;

/** The agent's turn: the task pointcut's method; every tool call below runs inside it. */
public final class McpAgent {

  private final McpSyncClient sync;
  private final McpAsyncClient async;

  public McpAgent(McpSyncClient sync, McpAsyncClient async) {
    this.sync = sync;
    this.async = async;
  }

  public String run(String goal) {
    StringBuilder out = new StringBuilder(goal);
    out.append(" | ").append(text(sync.callTool(new CallToolRequest("read_file", Map.of("path", "README.md")))));
    CallToolResult flaky = sync.callTool(new CallToolRequest("flaky", Map.of("path", "secret-argument-text")));
    out.append(" | flaky isError=").append(flaky.isError());
    try {
      CallToolResult exploded = sync.callTool(new CallToolRequest("explode", Map.of()));
      out.append(" | explode isError=").append(exploded.isError());
    } catch (RuntimeException e) {
      out.append(" | explode failed: ").append(e.getClass().getSimpleName());
    }
    out.append(" | async ")
        .append(text(async.callTool(new CallToolRequest("read_file", Map.of("path", "notes.md"))).block()));
    return out.toString();
  }

  private static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }
}
