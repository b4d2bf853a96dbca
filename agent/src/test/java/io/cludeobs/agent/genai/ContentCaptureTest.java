package io.cludeobs.agent.genai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ContentCaptureTest {

  private final ContentCapture capture = ContentCapture.on(64, List.of(Pattern.compile("EMP-\\d{6}")));

  @Test
  void redactsBuiltInSecretsAndUserPatterns() {
    assertThat(capture.redact("key sk-proj-abcdefghijklmnopqrstuvwx end")).isEqualTo("key [REDACTED] end");
    assertThat(capture.redact("aws AKIAABCDEFGHIJKLMNOP end")).isEqualTo("aws [REDACTED] end");
    assertThat(capture.redact("Authorization: Bearer abc.def-123456")).isEqualTo("Authorization: Bearer [REDACTED]");
    assertThat(capture.redact("bearer abcdefgh1")).isEqualTo("bearer [REDACTED]");
    assertThat(capture.redact("url https://bob:s3cret!@example.com/x")).isEqualTo("url https://bob:[REDACTED]@example.com/x");
    assertThat(capture.redact("a\n-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\nBBBB\n-----END OPENSSH PRIVATE KEY-----\nb"))
        .isEqualTo("a\n[REDACTED]\nb");
    assertThat(capture.redact("employee EMP-123456")).isEqualTo("employee [REDACTED]");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    assertThat(capture.redact("ask the sk-8 model; see https://example.com/a:b@c and bearer me"))
        .isEqualTo("ask the sk-8 model; see https://example.com/a:b@c and bearer me");
  }

  @Test
  void oneBudgetPerAttributeCutsAtTheCapInUtf8Bytes() {
    ContentCapture.Budget budget = capture.budget();
    assertThat(budget.take("a".repeat(60))).isEqualTo("a".repeat(60));
    // 4 bytes left: two 2-byte characters fit, the third does not
    assertThat(budget.take("ééé")).isEqualTo("éé" + ContentCapture.TRUNCATED);
    assertThat(budget.take("more")).isEqualTo(ContentCapture.TRUNCATED);
  }

  @Test
  void redactsBeforeCuttingSoNoPartOfASecretSurvives() {
    ContentCapture small = ContentCapture.on(12, Collections.<Pattern>emptyList());
    assertThat(small.single("sk-proj-abcdefghijklmnopqrstuvwx")).isEqualTo("[REDACTED]");
    assertThat(small.single("0123456789abcdef")).isEqualTo("0123456789ab" + ContentCapture.TRUNCATED);
  }

  @Test
  void offByDefault() {
    assertThat(ContentCapture.off().enabled()).isFalse();
  }

  @Test
  void messagesFollowTheConventionsShape() {
    String json =
        new MessagesJson(capture)
            .message("user")
            .text("say \"hi\"\n")
            .end(null)
            .message("assistant")
            .toolCall("call_1", "read_file", "{\"p\":1}")
            .end("tool_calls")
            .build();
    assertThat(json)
        .isEqualTo(
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"say \\\"hi\\\"\\n\"}]},"
                + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"read_file\","
                + "\"arguments\":\"{\\\"p\\\":1}\"}],\"finish_reason\":\"tool_calls\"}]");
  }
}
