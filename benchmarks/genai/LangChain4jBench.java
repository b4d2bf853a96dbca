import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Time per LangChain4j call, to compare with and without an agent: {@code llm} is one {@code
 * ChatModel.chat(ChatRequest)} to an OpenAI-wire answer; {@code tool} is one {@code @Tool} method run
 * by LangChain4j's tool executor for a model's request; {@code turn} is one AI service call whose
 * model asks for two tools (two chats, two tools, one agent span).
 *
 * <p>The answers come from an OpenAI-wire JSON script, either handed back in process by a
 * LangChain4j {@code HttpClient} ({@code inproc}: LangChain4j still builds, serialises and parses
 * every request and response, only the socket is left out, whose jitter is larger than what is
 * measured) or from a server on 127.0.0.1 ({@code loopback}).
 *
 * <p>usage: java LangChain4jBench [inproc|loopback] [warmup-ms=3000] [batches=15] [batch-ms=200] [ops=llm,tool,turn]
 * <br>prints {@code RESULT <what> <median wall ns per op> <median CPU ns per op of the calling thread>}
 */
public final class LangChain4jBench {

  static final String TEXT_ANSWER =
      "{\"id\":\"chatcmpl-b\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o-mini-2024-07-18\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":2,\"total_tokens\":22}}";
  static final String TOOL_ANSWER =
      "{\"id\":\"chatcmpl-t\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o-mini-2024-07-18\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
          + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}},"
          + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"}}]},"
          + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":9,\"total_tokens\":39}}";

  // the measuring thread's own CPU time: on a shared machine wall time mostly measures the
  // scheduler, and the process clock ticks too coarsely for a batch
  private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The model's answer to a request body: tool calls for a turn's first request, else text. */
  static String answer(String body) {
    return body.contains("TOOLS") && !body.contains("\"role\" : \"tool\"") && !body.contains("\"role\":\"tool\"")
        ? TOOL_ANSWER
        : TEXT_ANSWER;
  }

  /** The AI service. */
  public interface Assistant {
    String answer(String question);
  }

  /** The tool: trivial, so the executor's and the agent's work is what is timed. */
  public static final class Weather {
    @Tool("Weather in a city")
    public String weather(@P(name = "city", value = "the city") String city) {
      return "sunny in " + city;
    }
  }

  interface Op {
    Object run() throws Exception;
  }

  static volatile Object sink;

  public static void main(String[] args) throws Exception {
    String transport = args.length > 0 ? args[0] : "inproc";
    long warmupMs = args.length > 1 ? Long.parseLong(args[1]) : 3000;
    int batches = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    long batchMs = args.length > 3 ? Long.parseLong(args[3]) : 200;
    List<String> ops = Arrays.asList((args.length > 4 ? args[4] : "llm,tool,turn").split(","));

    HttpServer server = null;
    OpenAiChatModel.OpenAiChatModelBuilder b =
        OpenAiChatModel.builder().apiKey("bench-key").modelName("gpt-4o-mini").maxRetries(0);
    if ("loopback".equals(transport)) {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/v1/chat/completions",
          ex -> {
            byte[] out = answer(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            try (OutputStream o = ex.getResponseBody()) {
              o.write(out);
            }
          });
      server.setExecutor(Executors.newFixedThreadPool(2));
      server.start();
      b.baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    } else {
      b.baseUrl("http://127.0.0.1:9/v1").httpClientBuilder(new ScriptedHttpClientBuilder());
    }
    ChatModel model = b.build();
    ChatRequest request = ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).build();
    DefaultToolExecutor executor =
        new DefaultToolExecutor(new Weather(), Weather.class.getMethod("weather", String.class));
    ToolExecutionRequest toolRequest =
        ToolExecutionRequest.builder().id("call_1").name("weather").arguments("{\"city\":\"Oslo\"}").build();
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(new Weather()).build();

    try {
      if (ops.contains("llm")) {
        measure("llm", () -> model.chat(request), warmupMs, batches, batchMs);
      }
      if (ops.contains("tool")) {
        measure("tool", () -> executor.execute(toolRequest, "default"), warmupMs, batches, batchMs);
      }
      if (ops.contains("turn")) {
        measure("turn", () -> assistant.answer("TOOLS weather in Oslo and Rome"), warmupMs, batches, batchMs);
      }
    } finally {
      if (server != null) {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
      }
    }
  }

  static void measure(String what, Op op, long warmupMs, int batches, long batchMs) throws Exception {
    long end = System.nanoTime() + warmupMs * 1_000_000L;
    long n = 0;
    while (System.nanoTime() < end) {
      sink = op.run();
      n++;
    }
    // calibrate: ops per batch from the warm-up's rate
    long perBatch = Math.max(1, n * batchMs / Math.max(1, warmupMs));
    double[] wall = new double[batches];
    double[] cpu = new double[batches];
    for (int i = 0; i < batches; i++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (long j = 0; j < perBatch; j++) {
        sink = op.run();
      }
      wall[i] = (System.nanoTime() - t0) / (double) perBatch;
      cpu[i] = (THREADS.getCurrentThreadCpuTime() - c0) / (double) perBatch;
    }
    System.out.printf("RESULT %s %.0f %.0f%n", what, median(wall), median(cpu));
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** Answers in process what the OpenAI server would. */
  static final class ScriptedHttpClientBuilder implements HttpClientBuilder {
    private Duration connect = Duration.ofSeconds(5);
    private Duration read = Duration.ofSeconds(5);

    @Override
    public Duration connectTimeout() {
      return connect;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
      connect = timeout;
      return this;
    }

    @Override
    public Duration readTimeout() {
      return read;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
      read = timeout;
      return this;
    }

    @Override
    public HttpClient build() {
      return new HttpClient() {
        @Override
        public SuccessfulHttpResponse execute(HttpRequest request) {
          return SuccessfulHttpResponse.builder()
              .statusCode(200)
              .headers(Map.of("Content-Type", List.of("application/json")))
              .body(answer(request.body()))
              .build();
        }

        @Override
        public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
          throw new UnsupportedOperationException("the benchmark does not stream");
        }
      };
    }
  }
}
