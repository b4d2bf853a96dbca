package io.cludeobs.it.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** LangChain4j with content capture on: messages, tool arguments and results in the conventions' shape, redacted. */
class LangChain4jContentCaptureTest {

  static Stream<String> jdks() {
    return Jdks.required();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void capturedContentTakesTheConventionsShapeWithSecretsRedacted(String jdk) throws IOException {
    try (LangChain4jWireServer server = LangChain4jWireServer.start()) {
      Jvm.Result run =
          LangChain4jRuns.app(Jdks.resolve(jdk), server)
              .sysProp("clude.obs.genai.capture_content", "true")
              .run(Duration.ofSeconds(120));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains(LangChain4jTest.ANSWER);
      List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
      List<Span> chats = OpenAiJavaTest.named(spans, "chat ");
      assertThat(chats).hasSize(4);

      String user = "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather and time in Oslo? My key is [REDACTED]\"}]}";
      String toolCalls =
          "{\"type\":\"tool_call\",\"id\":\"call_weather_1\",\"name\":\"getWeather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"},"
              + "{\"type\":\"tool_call\",\"id\":\"call_time_2\",\"name\":\"getTime\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}";
      Map<String, Object> asking = SpanTree.attributes(chats.get(0));
      assertThat(asking.get("gen_ai.input.messages")).isEqualTo("[" + user + "]");
      assertThat(asking.get("gen_ai.output.messages"))
          .isEqualTo("[{\"role\":\"assistant\",\"parts\":[" + toolCalls + "],\"finish_reason\":\"tool_calls\"}]");

      Map<String, Object> answering = SpanTree.attributes(chats.get(1));
      assertThat(answering.get("gen_ai.input.messages"))
          .isEqualTo(
              "[" + user + ",{\"role\":\"assistant\",\"parts\":[" + toolCalls + "]},"
                  + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_weather_1\",\"response\":\"sunny in Oslo\"}]},"
                  + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_time_2\",\"response\":\"noon in Oslo\"}]}]");
      assertThat(answering.get("gen_ai.output.messages"))
          .isEqualTo(
              "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Sunny at noon in Oslo.\"}],\"finish_reason\":\"stop\"}]");

      List<Span> tools = OpenAiJavaTest.named(spans, "execute_tool");
      assertThat(tools.stream().map(t -> SpanTree.attributes(t).get("gen_ai.tool.call.arguments")))
          .containsExactly("{\"city\":\"Oslo\"}", "{\"city\":\"Oslo\"}");
      assertThat(tools.stream().map(t -> SpanTree.attributes(t).get("gen_ai.tool.call.result")))
          .containsExactly("sunny in Oslo", "noon in Oslo");

      Map<String, Object> stream = SpanTree.attributes(chats.get(2));
      assertThat(stream.get("gen_ai.input.messages"))
          .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"stream hello\"}]}]");
      assertThat(stream.get("gen_ai.output.messages"))
          .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello\"}],\"finish_reason\":\"stop\"}]");

      Map<String, Object> claude = SpanTree.attributes(chats.get(3));
      assertThat(claude.get("gen_ai.input.messages"))
          .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"claude hello\"}]}]");
      assertThat(claude.get("gen_ai.output.messages"))
          .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi from Claude\"}],\"finish_reason\":\"stop\"}]");

      assertThat(OpenAiJavaTest.allFiles(run.dataDir())).doesNotContain("sk-proj-");
      assertThat(SpanTree.attributes(OpenAiJavaTest.named(spans, "embeddings").get(0)))
          .doesNotContainKeys("gen_ai.input.messages", "gen_ai.output.messages");
    }
  }
}
