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
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speaks enough of the OpenAI wire protocol on 127.0.0.1 for the sample agent: scripted chat
 * completions (one with a tool call), SSE chat streams with a usage chunk, and a Responses API
 * result. Answers are chosen by the request's model.
 */
final class OpenAiWireServer implements AutoCloseable {

  static final String TOOL_CALL_ID = "call_abc123";
  /** Delay before a stream's first chunk and between its text chunks, so the timing is visible. */
  static final long FIRST_CHUNK_DELAY_MS = 120;
  static final long NEXT_CHUNK_DELAY_MS = 200;

  private static final Pattern MODEL = Pattern.compile("\"model\":\"([^\"]+)\"");

  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private OpenAiWireServer(HttpServer server) {
    this.server = server;
  }

  static OpenAiWireServer start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    OpenAiWireServer s = new OpenAiWireServer(http);
    http.createContext("/v1/chat/completions", s::chat);
    http.createContext("/v1/responses", s::responses);
    http.setExecutor(Executors.newFixedThreadPool(4));
    http.start();
    return s;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
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
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void chat(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(body);
    String model = model(body);
    if (body.contains("\"stream\":true")) {
      stream(ex, model, model.equals("gpt-4o-mini") ? "gpt-4o-mini-2024-07-18" : model + "-2025-04-14");
      return;
    }
    if (model.equals("broken-model")) {
      send(ex, 500, "application/json", "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
      return;
    }
    String json;
    if (model.equals("gpt-4o-mini") && !body.contains("\"role\":\"tool\"")) {
      json =
          completion(
              "chatcmpl-tool", "gpt-4o-mini-2024-07-18",
              "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"" + TOOL_CALL_ID
                  + "\",\"type\":\"function\",\"function\":{\"name\":\"read_file\","
                  + "\"arguments\":\"{\\\"path\\\":\\\"README.md\\\"}\"}}]}",
              "tool_calls",
              "{\"prompt_tokens\":1000,\"completion_tokens\":50,\"total_tokens\":1050,"
                  + "\"prompt_tokens_details\":{\"cached_tokens\":400},"
                  + "\"completion_tokens_details\":{\"reasoning_tokens\":10}}");
    } else if (model.equals("gpt-4o-mini")) {
      json = completion("chatcmpl-answer", "gpt-4o-mini-2024-07-18", text("The README says hello."), "stop",
          usage(1200, 20));
    } else if (model.equals("gpt-4o")) {
      json = completion("chatcmpl-async", "gpt-4o-2024-08-06", text("async hi"), "stop", usage(200, 100));
    } else {
      json = completion("chatcmpl-local", model, text("local hi"), "stop", usage(30, 5));
    }
    send(ex, 200, "application/json", json);
  }

  private void responses(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(body);
    if (body.contains("\"stream\":true")) {
      streamResponse(ex);
      return;
    }
    send(
        ex,
        200,
        "application/json",
        "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1700000000,\"status\":\"completed\","
            + "\"model\":\"gpt-4.1-2025-04-14\",\"error\":null,\"incomplete_details\":null,"
            + "\"instructions\":\"Be brief.\",\"metadata\":{},\"temperature\":1.0,\"top_p\":1.0,"
            + "\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[],"
            + "\"output\":[{\"type\":\"message\",\"id\":\"msg_1\",\"status\":\"completed\",\"role\":\"assistant\","
            + "\"content\":[{\"type\":\"output_text\",\"text\":\"responses hi\",\"annotations\":[]}]}],"
            + "\"usage\":{\"input_tokens\":100,\"input_tokens_details\":{\"cached_tokens\":50},"
            + "\"output_tokens\":20,\"output_tokens_details\":{\"reasoning_tokens\":5},\"total_tokens\":120}}");
  }

  /** A Responses API stream: created, two text deltas, completed with the whole response and its usage. */
  private void streamResponse(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    String response =
        "{\"id\":\"resp_stream\",\"object\":\"response\",\"created_at\":1700000000,\"status\":\"%s\","
            + "\"model\":\"gpt-5-2025-08-07\",\"error\":null,\"incomplete_details\":null,\"instructions\":null,"
            + "\"metadata\":{},\"temperature\":1.0,\"top_p\":1.0,\"parallel_tool_calls\":true,"
            + "\"tool_choice\":\"auto\",\"tools\":[],\"output\":[%s]%s}";
    String done =
        String.format(
            response,
            "completed",
            "{\"type\":\"message\",\"id\":\"msg_2\",\"status\":\"completed\",\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"streamed answer\",\"annotations\":[]}]}",
            ",\"usage\":{\"input_tokens\":40,\"input_tokens_details\":{\"cached_tokens\":0},"
                + "\"output_tokens\":8,\"output_tokens_details\":{\"reasoning_tokens\":3},\"total_tokens\":48}");
    try (OutputStream out = ex.getResponseBody()) {
      sleep(FIRST_CHUNK_DELAY_MS);
      typed(out, "response.created", "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":"
          + String.format(response, "in_progress", "", "") + "}");
      sleep(NEXT_CHUNK_DELAY_MS);
      for (String delta : new String[] {"streamed ", "answer"}) {
        typed(out, "response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"sequence_number\":1,"
            + "\"item_id\":\"msg_2\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + delta + "\"}");
      }
      typed(out, "response.completed", "{\"type\":\"response.completed\",\"sequence_number\":3,\"response\":"
          + done + "}");
    }
  }

  private static void typed(OutputStream out, String type, String json) throws IOException {
    out.write(("event: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void stream(HttpExchange ex, String model, String responseModel) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      sleep(FIRST_CHUNK_DELAY_MS);
      String head = "{\"id\":\"chatcmpl-stream\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
          + "\"model\":\"" + responseModel + "\",";
      event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},"
          + "\"finish_reason\":null}]}");
      sleep(NEXT_CHUNK_DELAY_MS);
      event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}");
      event(out, head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
      event(out, head + "\"choices\":[],\"usage\":" + usage(20, 2) + "}");
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException clientClosed) {
      // the cancelled stream: the client hung up after its first chunk
    }
  }

  private static void event(OutputStream out, String json) throws IOException {
    out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String completion(String id, String model, String message, String finish, String usage) {
    return "{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + model
        + "\",\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":\"" + finish
        + "\",\"logprobs\":null}],\"usage\":" + usage + "}";
  }

  private static String text(String content) {
    return "{\"role\":\"assistant\",\"content\":\"" + content + "\"}";
  }

  private static String usage(long prompt, long completion) {
    return "{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":"
        + (prompt + completion) + "}";
  }

  private static String model(String body) {
    Matcher m = MODEL.matcher(body);
    return m.find() ? m.group(1) : "";
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
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
