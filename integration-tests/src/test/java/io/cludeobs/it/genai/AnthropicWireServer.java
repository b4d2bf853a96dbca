package io.cludeobs.it.genai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speaks enough of the Anthropic Messages wire protocol on 127.0.0.1 for the sample agent: scripted
 * messages (one with a tool_use block, with prompt-cache counts), SSE streams in the API's event
 * order (message_start, content blocks, message_delta with the stop reason and usage, message_stop)
 * and an HTTP 500. Answers are chosen by the request's model.
 */
final class AnthropicWireServer implements AutoCloseable {

  static final String TOOL_USE_ID = "toolu_01AbCdEf";
  static final String STREAMED_TOOL_USE_ID = "toolu_02Stream";
  /** Delay before a stream's first event and between its text deltas, so the timing is visible. */
  static final long FIRST_CHUNK_DELAY_MS = 120;
  static final long NEXT_CHUNK_DELAY_MS = 200;

  private static final Pattern MODEL = Pattern.compile("\"model\":\"([^\"]+)\"");

  private final HttpServer server;

  private AnthropicWireServer(HttpServer server) {
    this.server = server;
  }

  static AnthropicWireServer start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AnthropicWireServer s = new AnthropicWireServer(http);
    http.createContext("/v1/messages", s::messages);
    http.setExecutor(Executors.newFixedThreadPool(4));
    http.start();
    return s;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void messages(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String model = model(body);
    if (body.contains("\"stream\":true")) {
      stream(ex, model);
      return;
    }
    switch (model) {
      case "claude-sonnet-4-5":
        if (!body.contains("\"tool_result\"")) {
          send(ex, 200, message("msg_tool", "claude-sonnet-4-5-20250929",
              "{\"type\":\"text\",\"text\":\"Let me read it.\"},{\"type\":\"tool_use\",\"id\":\"" + TOOL_USE_ID
                  + "\",\"name\":\"read_file\",\"input\":{\"path\":\"README.md\"}}",
              "tool_use", usage(100, 40, 2000, 500)));
        } else {
          send(ex, 200, message("msg_answer", "claude-sonnet-4-5-20250929",
              "{\"type\":\"text\",\"text\":\"The README says hello.\"}", "end_turn", usage(60, 20, 2600, 0)));
        }
        return;
      case "claude-haiku-4-5":
        send(ex, 200, message("msg_async", "claude-haiku-4-5-20251001", "{\"type\":\"text\",\"text\":\"async hi\"}",
            "max_tokens", "{\"input_tokens\":200,\"output_tokens\":100}"));
        return;
      default:
        send(ex, 500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}");
    }
  }

  /**
   * A stream: message_start (input and cache counts), a text block in two deltas, for
   * claude-3-5-haiku also a tool_use block whose input arrives as partial JSON, then message_delta
   * with the stop reason and the final output count.
   */
  private void stream(HttpExchange ex, String model) throws IOException {
    boolean withTool = model.equals("claude-3-5-haiku");
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      sleep(FIRST_CHUNK_DELAY_MS);
      event(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_stream\",\"type\":\"message\","
          + "\"role\":\"assistant\",\"model\":\"" + model + "-20250805\",\"content\":[],\"stop_reason\":null,"
          + "\"stop_sequence\":null,\"usage\":" + (withTool ? usage(20, 1, 0, 300) : usage(30, 1, 1000, 0)) + "}}");
      event(out, "content_block_start",
          "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
      event(out, "ping", "{\"type\":\"ping\"}");
      event(out, "content_block_delta",
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}");
      sleep(NEXT_CHUNK_DELAY_MS);
      event(out, "content_block_delta",
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}");
      event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
      if (withTool) {
        event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
            + "{\"type\":\"tool_use\",\"id\":\"" + STREAMED_TOOL_USE_ID + "\",\"name\":\"grep\",\"input\":{}}}");
        for (String part : new String[] {"{\"pattern\":", "\"hello\"}"}) {
          event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
              + "{\"type\":\"input_json_delta\",\"partial_json\":\"" + part.replace("\"", "\\\"") + "\"}}");
        }
        event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}");
      }
      event(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
          + (withTool ? "tool_use" : "end_turn") + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
          + (withTool ? 12 : 2) + "}}");
      event(out, "message_stop", "{\"type\":\"message_stop\"}");
    }
  }

  private static String message(String id, String model, String content, String stopReason, String usage) {
    return "{\"id\":\"" + id + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model
        + "\",\"content\":[" + content + "],\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null,"
        + "\"usage\":" + usage + "}";
  }

  private static String usage(long input, long output, long cacheRead, long cacheCreation) {
    return "{\"input_tokens\":" + input + ",\"output_tokens\":" + output + ",\"cache_read_input_tokens\":"
        + cacheRead + ",\"cache_creation_input_tokens\":" + cacheCreation + "}";
  }

  private static void event(OutputStream out, String type, String json) throws IOException {
    out.write(("event: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String model(String body) {
    Matcher m = MODEL.matcher(body);
    return m.find() ? m.group(1) : "";
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
