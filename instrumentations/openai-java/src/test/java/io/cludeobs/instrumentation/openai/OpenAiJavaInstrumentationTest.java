package io.cludeobs.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/** The matchers against openai-java 4.8's own class files, read without loading them. */
class OpenAiJavaInstrumentationTest {

  private final TypePool pool = TypePool.Default.ofSystemLoader();

  @Test
  void everyServiceWeavesExactlyItsTwoCreateMethods() {
    for (String service :
        List.of(
            OpenAiJavaInstrumentation.CHAT_BLOCKING,
            OpenAiJavaInstrumentation.CHAT_ASYNC,
            OpenAiJavaInstrumentation.RESPONSES_BLOCKING,
            OpenAiJavaInstrumentation.RESPONSES_ASYNC)) {
      assertThat(woven(service))
          .as(service)
          .containsExactlyInAnyOrder(
              "create(" + params(service) + ",com.openai.core.RequestOptions)",
              "createStreaming(" + params(service) + ",com.openai.core.RequestOptions)");
    }
  }

  @Test
  void theTriggerPrefixCoversEveryWovenClass() {
    for (String service :
        List.of(
            OpenAiJavaInstrumentation.CHAT_BLOCKING,
            OpenAiJavaInstrumentation.CHAT_ASYNC,
            OpenAiJavaInstrumentation.RESPONSES_BLOCKING,
            OpenAiJavaInstrumentation.RESPONSES_ASYNC)) {
      assertThat(service.replace('.', '/')).startsWith(OpenAiJavaInstrumentation.PACKAGE_PREFIX);
    }
  }

  private List<String> woven(String type) {
    return pool.describe(type).resolve().getDeclaredMethods().filter(OpenAiJavaInstrumentation.createMethods())
        .stream()
        .map(OpenAiJavaInstrumentationTest::signature)
        .collect(Collectors.toList());
  }

  private static String signature(MethodDescription m) {
    return m.getName()
        + "("
        + m.getParameters().asTypeList().asErasures().stream().map(TypeDescription::getName).collect(Collectors.joining(","))
        + ")";
  }

  private static String params(String service) {
    return service.contains("Response")
        ? "com.openai.models.responses.ResponseCreateParams"
        : "com.openai.models.chat.completions.ChatCompletionCreateParams";
  }
}
