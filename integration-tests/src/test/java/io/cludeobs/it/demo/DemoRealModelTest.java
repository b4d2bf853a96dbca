package io.cludeobs.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README demo against a real OpenAI-compatible endpoint (here a local server speaking the
 * chat-completions wire protocol): the app's OpenAI model goes through openai-java, which the agent
 * instruments with no llm pointcut, so the chat spans carry the provider's own data.
 */
class DemoRealModelTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] KEYS = {
    "gen_ai.provider.name",
    "gen_ai.request.model",
    "gen_ai.response.model",
    "gen_ai.response.id",
    "gen_ai.response.finish_reasons",
    "gen_ai.usage.input_tokens",
    "gen_ai.usage.output_tokens",
    "gen_ai.tool.name",
    "gen_ai.tool.call.id",
  };

  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  static Stream<String> jdks() {
    return Jdks.required();
  }

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/chat/completions",
        exchange -> {
          JsonNode body = JSON.readTree(exchange.getRequestBody());
          int n = requests.incrementAndGet();
          JsonNode messages = body.get("messages");
          String lastRole = messages.get(messages.size() - 1).get("role").asText();
          String reply = "user".equals(lastRole) ? listFiles(n) : answer(n);
          byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void theDemoOnARealEndpointShowsOpenAiChatSpansAndToolsWithoutAnLlmPointcut(String jdk) throws IOException {
    Jvm.Result run =
        Jvm.builder()
            .jdk(Jdks.resolve(jdk))
            .classpath(demoClasspath())
            .mainClass("com.example.codingagent.CodingAgentApp")
            .env("OPENAI_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort())
            .sysProp("clude.obs.pointcuts.task", "com.example.codingagent.CodingAgent#handle")
            .sysProp("clude.obs.pointcuts.tool", "com.example.codingagent.tools.AgentTool+#execute(..)")
            .sysProp("clude.obs.metrics.jvm", "false")
            .sysProp("clude.obs.metrics.system", "false")
            .run(Duration.ofSeconds(120));

    run.assertExitCode(0);
    assertThat(run.stdout())
        .contains("model: gpt-4o-mini at http://127.0.0.1:" + server.getAddress().getPort())
        .contains("[1/2] summarise: done in 2 turns, 1 tool calls (0 failed), 400 input / 15 output tokens: Done.")
        .contains("[2/2] count-todos: done in 2 turns, 1 tool calls (0 failed), 400 input / 15 output tokens: Done.");
    List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
    List<List<Span>> traces = SpanTree.byTrace(spans);
    assertThat(traces).hasSize(2);
    List<String> rendered = new ArrayList<>();
    for (List<Span> trace : traces) {
      rendered.add(SpanTree.render(trace, KEYS));
    }
    assertThat(rendered).containsExactlyInAnyOrder(tree(1), tree(3));
    for (List<Span> trace : traces) {
      Span firstChat = trace.stream().filter(s -> s.getName().startsWith("chat")).min(
          (a, b) -> Long.compare(a.getStartTimeUnixNano(), b.getStartTimeUnixNano())).orElseThrow();
      Span tool = trace.stream().filter(s -> s.getName().startsWith("execute_tool")).findFirst().orElseThrow();
      assertThat(tool.getLinksList()).hasSize(1);
      assertThat(tool.getLinks(0).getSpanId()).isEqualTo(firstChat.getSpanId());
      assertThat(firstChat.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    }
  }

  /** One task's trace; its two model calls are requests {@code first} and {@code first + 1}. */
  private static String tree(int first) {
    String chat = "  chat gpt-4o-mini [gen_ai.provider.name=openai, gen_ai.request.model=gpt-4o-mini,"
        + " gen_ai.response.model=gpt-4o-mini-2024-07-18, ";
    return "invoke_agent CodingAgent.handle\n"
        + chat + "gen_ai.response.id=chatcmpl-" + first + ", gen_ai.response.finish_reasons=[tool_calls],"
        + " gen_ai.usage.input_tokens=150, gen_ai.usage.output_tokens=10]\n"
        + "  execute_tool list_files [gen_ai.tool.name=list_files, gen_ai.tool.call.id=call_" + first + "]\n"
        + "    file.walk\n"
        + chat + "gen_ai.response.id=chatcmpl-" + (first + 1) + ", gen_ai.response.finish_reasons=[stop],"
        + " gen_ai.usage.input_tokens=250, gen_ai.usage.output_tokens=5]\n";
  }

  private static String listFiles(int n) {
    return "{\"id\":\"chatcmpl-" + n + "\",\"object\":\"chat.completion\",\"created\":1,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\","
        + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_" + n + "\","
        + "\"type\":\"function\",\"function\":{\"name\":\"list_files\",\"arguments\":\"{\\\"path\\\":\\\".\\\"}\"}}]}}],"
        + "\"usage\":{\"prompt_tokens\":150,\"completion_tokens\":10,\"total_tokens\":160}}";
  }

  private static String answer(int n) {
    return "{\"id\":\"chatcmpl-" + n + "\",\"object\":\"chat.completion\",\"created\":2,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
        + "\"message\":{\"role\":\"assistant\",\"content\":\"Done.\"}}],"
        + "\"usage\":{\"prompt_tokens\":250,\"completion_tokens\":5,\"total_tokens\":255}}";
  }

  /** The demo jar and the libraries Maven copied beside it. */
  private static String[] demoClasspath() throws IOException {
    Path jar = Path.of(System.getProperty("clude.it.demoJar"));
    List<String> entries = new ArrayList<>();
    entries.add(jar.toString());
    try (Stream<Path> libs = Files.list(jar.resolveSibling("lib"))) {
      entries.addAll(libs.map(Path::toString).sorted().collect(Collectors.toList()));
    }
    return entries.toArray(new String[0]);
  }
}
