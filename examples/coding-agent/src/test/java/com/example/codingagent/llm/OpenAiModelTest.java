package com.example.codingagent.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.codingagent.CodingAgent;
import com.example.codingagent.Task;
import com.example.codingagent.TaskResult;
import com.example.codingagent.tools.AgentTool;
import com.example.codingagent.tools.ReadFileTool;
import com.example.codingagent.tools.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real model against a local server speaking the OpenAI chat-completions wire protocol. */
class OpenAiModelTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path workspace;

  private final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aToolRoundTripThroughTheOpenAiWireProtocol() throws IOException {
    Files.writeString(workspace.resolve("README.md"), "# demo\nA greeter.\n");
    String base = start();
    CodingAgent agent =
        new CodingAgent(
            OpenAiModels.create(base, null), "gpt-4o-mini", List.<AgentTool>of(new ReadFileTool(workspace)));

    TaskResult result = agent.handle(new Task("summarise", "Summarise README.md"));

    assertThat(result.completed()).isTrue();
    assertThat(result.answer()).isEqualTo("A greeter.");
    assertThat(result.turns()).isEqualTo(2);
    assertThat(result.toolCalls()).extracting(ToolCall::id, ToolCall::name, c -> c.arguments().get("path"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("call_a1", "read_file", "README.md"));
    assertThat(result.inputTokens()).isEqualTo(120 + 180);
    assertThat(result.outputTokens()).isEqualTo(12 + 5);

    assertThat(requests).hasSize(2);
    JsonNode first = requests.get(0);
    assertThat(first.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(first.get("tools")).extracting(t -> t.get("function").get("name").asText())
        .containsExactly("list_files", "read_file", "write_file");
    assertThat(first.get("tools").get(2).get("function").get("parameters").get("required").toString())
        .isEqualTo("[\"path\",\"content\"]");
    JsonNode second = requests.get(1).get("messages");
    assertThat(second).extracting(m -> m.get("role").asText())
        .containsExactly("system", "user", "assistant", "tool");
    assertThat(second.get(2).get("tool_calls").get(0).get("function").get("arguments").asText())
        .isEqualTo("{\"path\":\"README.md\"}");
    assertThat(second.get(3).get("tool_call_id").asText()).isEqualTo("call_a1");
    assertThat(second.get(3).get("content").asText()).isEqualTo("# demo\nA greeter.\n");
  }

  @Test
  void argumentsThatAreNotJsonGiveNoArguments() {
    assertThat(OpenAiModel.arguments("{\"path\":\"a\",\"n\":3}")).isEqualTo(Map.of("path", "a", "n", "3"));
    assertThat(OpenAiModel.arguments("not json")).isEmpty();
    assertThat(OpenAiModel.arguments("")).isEmpty();
  }

  private String start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/chat/completions",
        exchange -> {
          JsonNode body = JSON.readTree(exchange.getRequestBody());
          requests.add(body);
          String reply = requests.size() == 1 ? toolCallReply() : finalReply();
          byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static String toolCallReply() {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini-2024-07-18\","
        + "\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":{\"role\":\"assistant\","
        + "\"content\":null,\"tool_calls\":[{\"id\":\"call_a1\",\"type\":\"function\",\"function\":"
        + "{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\":\\\"README.md\\\"}\"}}]}}],"
        + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":12,\"total_tokens\":132}}";
  }

  private static String finalReply() {
    return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":2,\"model\":\"gpt-4o-mini-2024-07-18\","
        + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
        + "\"content\":\"A greeter.\"}}],"
        + "\"usage\":{\"prompt_tokens\":180,\"completion_tokens\":5,\"total_tokens\":185}}";
  }
}
