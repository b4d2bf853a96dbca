package com.acme.mcp;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.lang.management.ManagementFactory;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts two {@link McpToolServerApp} JVMs over stdio (one per client, sync and async), each with
 * this JVM's options (so the same agent) and its own data dir under {@code <data dir>/server-N},
 * and runs one agent turn against them.
 */
public final class McpAgentApp {

  private static final String DATA_DIR = "clude.obs.data_dir";

  private McpAgentApp() {}

  public static void main(String[] args) {
    McpSyncClient sync = McpClient.sync(transport(1)).requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(120)).build();
    McpAsyncClient async = McpClient.async(transport(2)).requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(120)).build();
    try {
      sync.initialize();
      async.initialize().block();
      System.out.println("mcp-agent answered: " + new McpAgent(sync, async).run("go"));
    } finally {
      sync.closeGracefully();
      async.closeGracefully().block(Duration.ofSeconds(30));
    }
  }

  private static StdioClientTransport transport(int n) {
    String dataDir = System.getProperty(DATA_DIR);
    List<String> command = new ArrayList<>();
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!option.startsWith("-D" + DATA_DIR + "=")) {
        command.add(option);
      }
    }
    command.add("-D" + DATA_DIR + "=" + Paths.get(dataDir, "server-" + n));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(McpToolServerApp.class.getName());
    ServerParameters server =
        ServerParameters.builder(Paths.get(System.getProperty("java.home"), "bin", "java").toString()).args(command).build();
    StdioClientTransport transport = new StdioClientTransport(server, McpJsonDefaults.getMapper());
    // the server's stderr (agent and SDK logs) goes to ours, where the test can read it
    transport.setStdErrorHandler(line -> System.err.println("[server-" + n + "] " + line));
    return transport;
  }
}
