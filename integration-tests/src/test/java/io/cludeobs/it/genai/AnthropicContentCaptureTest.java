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

/**
 * anthropic-java with content capture on: the system prompt, messages with tool_use and tool_result
 * blocks, and streamed text and tool input in the conventions' JSON shape, secrets redacted.
 */
class AnthropicContentCaptureTest {

  static final String PROMPT = "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":"
      + "\"Summarise README.md. key [REDACTED] aws [REDACTED]\"}]}";
  static final String TOOL_CALL = "{\"type\":\"tool_call\",\"id\":\"toolu_01AbCdEf\",\"name\":\"read_file\","
      + "\"arguments\":\"{\\\"path\\\":\\\"README.md\\\"}\"}";

  static Stream<String> jdks() {
    return Jdks.required();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void capturedContentHasTheConventionsShapeWithSecretsRedacted(String jdk) throws IOException {
    try (AnthropicWireServer server = AnthropicWireServer.start()) {
      Jvm.Result run =
          AnthropicRuns.agent(Jdks.resolve(jdk), server)
              .sysProp("clude.obs.genai.capture_content", "true")
              .run(Duration.ofSeconds(120));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains(AnthropicJavaTest.ANSWER);
      List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
      List<Span> chats = OpenAiJavaTest.named(spans, "chat ");
      assertThat(chats).hasSize(6);

      Map<String, Object> first = SpanTree.attributes(chats.get(0));
      assertThat(first.get("gen_ai.system_instructions"))
          .isEqualTo("[{\"type\":\"text\",\"content\":\"You are a careful agent.\"}]");
      assertThat(first.get("gen_ai.input.messages")).isEqualTo("[" + PROMPT + "]");
      assertThat(first.get("gen_ai.output.messages"))
          .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Let me read it.\"},"
              + TOOL_CALL + "],\"finish_reason\":\"tool_use\"}]");

      Map<String, Object> tool = SpanTree.attributes(OpenAiJavaTest.named(spans, "execute_tool").get(0));
      assertThat(tool.get("gen_ai.tool.call.result")).isEqualTo("README: hello from the repo.");

      // the second turn sends the assistant's tool_use back and the tool_result in a user message
      Map<String, Object> second = SpanTree.attributes(chats.get(1));
      assertThat(second.get("gen_ai.input.messages"))
          .isEqualTo("[" + PROMPT + ",{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Let me read it.\"},"
              + TOOL_CALL + "]},{\"role\":\"user\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"toolu_01AbCdEf\","
              + "\"response\":\"README: hello from the repo.\"}]}]");
      assertThat(second.get("gen_ai.output.messages"))
          .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"The README says hello.\"}],"
              + "\"finish_reason\":\"end_turn\"}]");
      assertThat(second.get("gen_ai.system_instructions")).isEqualTo(first.get("gen_ai.system_instructions"));

      Map<String, Object> async = SpanTree.attributes(chats.get(2));
      assertThat(async.get("gen_ai.input.messages"))
          .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"async hello\"}]}]");
      assertThat(async.get("gen_ai.output.messages"))
          .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"async hi\"}],"
              + "\"finish_reason\":\"max_tokens\"}]");

      // streams: text deltas and the tool_use block's partial JSON assembled in order
      assertThat(SpanTree.attributes(chats.get(3)).get("gen_ai.output.messages"))
          .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello\"}],"
              + "\"finish_reason\":\"end_turn\"}]");
      assertThat(SpanTree.attributes(chats.get(4)).get("gen_ai.output.messages"))
          .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello\"},"
              + "{\"type\":\"tool_call\",\"id\":\"toolu_02Stream\",\"name\":\"grep\","
              + "\"arguments\":\"{\\\"pattern\\\":\\\"hello\\\"}\"}],\"finish_reason\":\"tool_use\"}]");

      assertThat(SpanTree.attributes(chats.get(5)).get("gen_ai.input.messages"))
          .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"fail please\"}]}]");
      assertThat(SpanTree.attributes(chats.get(5))).doesNotContainKey("gen_ai.output.messages");

      String exported = OpenAiJavaTest.allFiles(run.dataDir());
      for (String secret : List.of("sk-ant-", "AKIAABCDEFGHIJKLMNOP")) {
        assertThat(exported).as("exported data").doesNotContain(secret);
      }
    }
  }
}
