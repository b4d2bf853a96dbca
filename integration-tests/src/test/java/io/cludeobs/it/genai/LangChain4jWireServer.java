package io.cludeobs.it.genai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The OpenAI and Anthropic wire protocols on 127.0.0.1, scripted for the LangChain4j sample app:
 * a chat answer with two tool calls and then a final one (told apart by the tool results in the
 * request), an SSE chat stream with a usage chunk, embeddings, and one Claude message.
 */
final class LangChain4jWireServer implements AutoCloseable {

  static final String WEATHER_CALL_ID = "call_weather_1";
  static final String TIME_CALL_ID = "call_time_2";
  /** Delay before the stream's first chunk and before its end, so the timing is visible. */
  static final long FIRST_CHUNK_DELAY_MS = 120;
  static final long NEXT_CHUNK_DELAY_MS = 200;

  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private LangChain4jWireServer(HttpServer server) {
    this.server = server;
  }

  static LangChain4jWireServer start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    LangChain4jWireServer s = new LangChain4jWireServer(http);
    http.createContext("/v1/chat/completions", s::chat);
    http.createContext("/v1/embeddings", s::embeddings);
    http.createContext("/anthropic/v1/messages", s::messages);
    http.setExecutor(Executors.newFixedThreadPool(4));
    http.start();
    return s;
  }

  String openAiBaseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  String anthropicBaseUrl() {
    return "http://127.0.0.1:" + port() + "/anthropic/v1/";
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<String> requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  private String body(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(ex.getRequestURI().getPath() + " " + body);
    return body;
  }

  private void chat(HttpExchange ex) throws IOException {
    String body = body(ex);
    if (body.contains("\"stream\":true") || body.contains("\"stream\" : true")) {
      stream(ex);
      return;
    }
    String json;
    if (!body.contains("\"role\":\"tool\"") && !body.contains("\"role\" : \"tool\"")) {
      json =
          completion(
              "chatcmpl-lc4j-tools",
              "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                  + toolCall(WEATHER_CALL_ID, "getWeather") + "," + toolCall(TIME_CALL_ID, "getTime") + "]}",
              "tool_calls",
              "{\"prompt_tokens\":500,\"completion_tokens\":40,\"total_tokens\":540,"
                  + "\"prompt_tokens_details\":{\"cached_tokens\":100},"
                  + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}");
    } else {
      json =
          completion(
              "chatcmpl-lc4j-final",
              "{\"role\":\"assistant\",\"content\":\"Sunny at noon in Oslo.\"}",
              "stop",
              "{\"prompt_tokens\":700,\"completion_tokens\":15,\"total_tokens\":715}");
    }
    send(ex, "application/json", json);
  }

  private static String toolCall(String id, String name) {
    return "{\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name
        + "\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}";
  }

  private static String completion(String id, String message, String finish, String usage) {
    return "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":1700000000,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":" + message
        + ",\"logprobs\":null,\"finish_reason\":\"" + finish + "\"}],\"usage\":" + usage + "}";
  }

  /** Two text chunks, the finish reason, then the usage chunk. */
  private void stream(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    String head = "{\"id\":\"chatcmpl-lc4j-stream\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",";
    try (OutputStream out = ex.getResponseBody()) {
      sleep(FIRST_CHUNK_DELAY_MS);
      event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"finish_reason\":null}]}");
      sleep(NEXT_CHUNK_DELAY_MS);
      event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}");
      event(out, head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
      event(out, head + "\"choices\":[],\"usage\":{\"prompt_tokens\":25,\"completion_tokens\":2,\"total_tokens\":27}}");
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private void embeddings(HttpExchange ex) throws IOException {
    body(ex);
    send(
        ex,
        "application/json",
        "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1,0.2,0.3]},"
            + "{\"object\":\"embedding\",\"index\":1,\"embedding\":[0.4,0.5,0.6]}],"
            + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":12,\"total_tokens\":12}}");
  }

  private void messages(HttpExchange ex) throws IOException {
    body(ex);
    send(
        ex,
        "application/json",
        "{\"id\":\"msg_lc4j_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"Hi from Claude\"}],\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":5,"
            + "\"cache_read_input_tokens\":200,\"cache_creation_input_tokens\":50}}");
  }

  private static void event(OutputStream out, String json) throws IOException {
    out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void send(HttpExchange ex, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(200, bytes.length);
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
