package io.cludeobs.it.springai;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Speaks enough of the OpenAI chat completions wire protocol on 127.0.0.1 for the Spring AI sample
 * app: a tool call then an answer for {@code gpt-4o-mini}, SSE streams with a usage chunk, and a
 * rejected request for {@code broken-model}. Answers are chosen by the request's model. Any path
 * ending in {@code /chat/completions} is served, whichever base URL the Spring AI version joins.
 */
public final class SpringAiWireServer implements AutoCloseable {

  public static final String TOOL_CALL_ID = "call_weather1";
  /** Delay before a stream's first chunk and between its text chunks, so the timing is visible. */
  public static final long FIRST_CHUNK_DELAY_MS = 120;
  public static final long NEXT_CHUNK_DELAY_MS = 200;
  /**
   * Long enough that a slow machine's first chunk reaches the app, and the app cancels, well within it: with 5 s a
   * loaded CI run once took longer, the stream ran to its end and the test saw no cancellation. Spring AI 1.1
   * (Reactor Netty) keeps the connection open after the cancel, so its runs end about this much later.
   */
  public static final long HOLD_MS = 30_000;

  private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]+)\"");

  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private SpringAiWireServer(HttpServer server) {
    this.server = server;
  }

  public static SpringAiWireServer start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    SpringAiWireServer s = new SpringAiWireServer(http);
    http.createContext("/", s::handle);
    http.setExecutor(Executors.newFixedThreadPool(4));
    http.start();
    return s;
  }

  public String host() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<String> requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (!ex.getRequestURI().getPath().endsWith("/chat/completions")) {
      send(ex, 404, "application/json", "{\"error\":{\"message\":\"no such path\",\"type\":\"invalid_request_error\"}}");
      return;
    }
    requests.add(body);
    String model = model(body);
    if (model.equals("broken-model")) {
      send(ex, 400, "application/json",
          "{\"error\":{\"message\":\"model not supported\",\"type\":\"invalid_request_error\",\"code\":\"bad_model\"}}");
      return;
    }
    if (body.replace(" ", "").contains("\"stream\":true")) {
      stream(ex, model.equals("gpt-4.1-mini") ? "gpt-4.1-mini-2025-04-14" : model + "-2025-04-16", model.equals("o4-mini"));
      return;
    }
    String json;
    if (model.equals("gpt-4o-mini") && !body.replace(" ", "").contains("\"role\":\"tool\"")) {
      json =
          completion(
              "chatcmpl-tool", "gpt-4o-mini-2024-07-18",
              "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"" + TOOL_CALL_ID
                  + "\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                  + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}",
              "tool_calls",
              "{\"prompt_tokens\":1000,\"completion_tokens\":50,\"total_tokens\":1050,"
                  + "\"prompt_tokens_details\":{\"cached_tokens\":400},"
                  + "\"completion_tokens_details\":{\"reasoning_tokens\":10}}");
    } else if (model.equals("gpt-4o-mini")) {
      json = completion("chatcmpl-answer", "gpt-4o-mini-2024-07-18", text("Sunny in Paris, 21 degrees."), "stop",
          usage(1200, 20));
    } else {
      json = completion("chatcmpl-local", model, text("local hi"), "stop", usage(30, 5));
    }
    send(ex, 200, "application/json", json);
  }

  /**
   * A chat stream: two text chunks, the finish chunk and the usage chunk. {@code holdOpen} keeps it
   * open after the first chunk until the client hangs up (at most {@link #HOLD_MS}), so the only way
   * that stream ends early is the application cancelling it.
   */
  private void stream(HttpExchange ex, String responseModel, boolean holdOpen) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      sleep(FIRST_CHUNK_DELAY_MS);
      String head = "{\"id\":\"chatcmpl-stream\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
          + "\"model\":\"" + responseModel + "\",";
      event(out, head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},"
          + "\"finish_reason\":null}]}");
      sleep(NEXT_CHUNK_DELAY_MS);
      for (long waited = 0; holdOpen && waited < HOLD_MS; waited += 50) {
        out.write(": waiting\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        sleep(50);
      }
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
