package com.acme.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;

/**
 * An MCP server on stdin/stdout with three tools: {@code read_file} answers, {@code flaky} returns
 * a result with {@code isError=true}, {@code explode} throws. Runs until its client ends it.
 */
public final class McpToolServerApp {

  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}";

  private McpToolServerApp() {}

  public static void main(String[] args) throws InterruptedException {
    McpJsonMapper json = McpJsonDefaults.getMapper();
    McpSyncServer server =
        McpServer.sync(new StdioServerTransportProvider(json))
            .serverInfo("acme-tools", "1.0.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .toolCall(
                tool(json, "read_file"),
                (exchange, request) ->
                    CallToolResult.builder()
                        .content(List.of(new TextContent("contents of " + request.arguments().get("path") + ": hello from the repo")))
                        .isError(false)
                        .build())
            .toolCall(
                tool(json, "flaky"),
                (exchange, request) ->
                    CallToolResult.builder().content(List.of(new TextContent("disk quota secret-flaky-text"))).isError(true).build())
            .toolCall(
                tool(json, "explode"),
                (exchange, request) -> {
                  throw new IllegalStateException("explode-handler-text");
                })
            .build();
    try {
      Thread.sleep(Long.MAX_VALUE);
    } finally {
      server.close();
    }
  }

  private static McpSchema.Tool tool(McpJsonMapper json, String name) {
    return McpSchema.Tool.builder().name(name).description("acme " + name).inputSchema(json, SCHEMA).build();
  }
}
