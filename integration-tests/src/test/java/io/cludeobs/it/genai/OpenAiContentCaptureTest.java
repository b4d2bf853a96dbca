package io.cludeobs.it.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jdks;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Content capture switched on: messages in the conventions' JSON shape, secrets redacted, texts capped. */
class OpenAiContentCaptureTest {

  static final int CAP = 4096;
  static final String TRUNCATED = "…[truncated]";

  static Stream<String> jdks() {
    return Jdks.required();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void capturedContentIsRedactedAndCapped(String jdk) throws IOException {
    try (OpenAiWireServer server = OpenAiWireServer.start()) {
      Jvm.Result run =
          OpenAiRuns.agent(Jdks.resolve(jdk), server)
              .env("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true")
              .sysProp("clude.obs.genai.capture_max_bytes", String.valueOf(CAP))
              .sysProp("clude.obs.genai.redact_patterns", "EMP-\\d{6}")
              .run(Duration.ofSeconds(120));

      run.assertExitCode(0);
      assertThat(run.stdout()).contains(OpenAiJavaTest.ANSWER);
      List<Span> spans = OtlpJson.readTraceFiles(run.dataDir().resolve("traces"));
      List<Span> chats = OpenAiJavaTest.named(spans, "chat ");
      assertThat(chats).hasSize(10);

      Map<String, Object> first = SpanTree.attributes(chats.get(0));
      assertThat(first.get("gen_ai.input.messages"))
          .isEqualTo(
              "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are a careful agent.\\n[REDACTED]\"}]},"
                  + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Summarise README.md. key [REDACTED]"
                  + " aws [REDACTED] header Authorization: Bearer [REDACTED] db postgres://admin:[REDACTED]@db.local/app"
                  + " employee [REDACTED]\"}]}]");
      assertThat(first.get("gen_ai.output.messages"))
          .isEqualTo(
              "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_abc123\",\"name\":\"read_file\","
                  + "\"arguments\":\"{\\\"path\\\":\\\"README.md\\\"}\"}],\"finish_reason\":\"tool_calls\"}]");

      Map<String, Object> tool = SpanTree.attributes(OpenAiJavaTest.named(spans, "execute_tool").get(0));
      assertThat(tool.get("gen_ai.tool.call.arguments")).isEqualTo("{\"path\":\"README.md\"}");
      String readme = "README: hello from the repo. " + "x".repeat(6000);
      assertThat(tool.get("gen_ai.tool.call.result")).isEqualTo(readme.substring(0, CAP) + TRUNCATED);

      // one budget per attribute: the long tool result in the second prompt is cut where the cap runs out
      String second = (String) SpanTree.attributes(chats.get(1)).get("gen_ai.input.messages");
      assertThat(second)
          .contains("{\"type\":\"tool_call_response\",\"id\":\"call_abc123\",\"response\":\"README: hello from the repo. xxx")
          .endsWith(TRUNCATED + "\"}]}]");
      assertThat(second.getBytes(StandardCharsets.UTF_8).length).isBetween(CAP, CAP + 1024);

      assertThat(SpanTree.attributes(chats.get(2)).get("gen_ai.output.messages"))
          .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"async hi\"}],\"finish_reason\":\"stop\"}]");
      for (Span stream : List.of(chats.get(3), chats.get(4))) {
        assertThat(SpanTree.attributes(stream).get("gen_ai.output.messages"))
            .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello\"}],\"finish_reason\":\"stop\"}]");
      }
      Map<String, Object> responses = SpanTree.attributes(chats.get(5));
      assertThat(responses.get("gen_ai.system_instructions")).isEqualTo("[{\"type\":\"text\",\"content\":\"Be brief.\"}]");
      assertThat(responses.get("gen_ai.input.messages"))
          .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"responses hello\"}]}]");
      assertThat(responses.get("gen_ai.output.messages"))
          .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"responses hi\"}],\"finish_reason\":\"stop\"}]");

      // a Responses stream: the completed event carries the whole output
      Map<String, Object> responsesStream = SpanTree.attributes(chats.get(6));
      assertThat(responsesStream.get("gen_ai.input.messages"))
          .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"stream responses hello\"}]}]");
      assertThat(responsesStream.get("gen_ai.output.messages"))
          .isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"streamed answer\"}],\"finish_reason\":\"stop\"}]");

      String exported = OpenAiJavaTest.allFiles(run.dataDir());
      for (String secret :
          List.of("sk-proj-", "AKIAABCDEFGHIJKLMNOP", "abcdef1234567890", "hunter2secret", "MIIBOgIBAAJBAKj34",
              "EMP-123456")) {
        assertThat(exported).as("exported data").doesNotContain(secret);
      }
    }
  }
}
