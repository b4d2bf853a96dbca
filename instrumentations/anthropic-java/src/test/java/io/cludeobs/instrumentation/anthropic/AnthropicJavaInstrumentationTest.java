package io.cludeobs.instrumentation.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/** The matchers against anthropic-java 3.13's own class files, read without loading them. */
class AnthropicJavaInstrumentationTest {

  private static final List<String> SERVICES =
      List.of(AnthropicJavaInstrumentation.MESSAGES_BLOCKING, AnthropicJavaInstrumentation.MESSAGES_ASYNC);

  private final TypePool pool = TypePool.Default.ofSystemLoader();

  @Test
  void everyServiceWeavesExactlyItsTwoCreateMethods() {
    for (String service : SERVICES) {
      assertThat(woven(service))
          .as(service)
          .containsExactlyInAnyOrder(
              "create(com.anthropic.models.messages.MessageCreateParams,com.anthropic.core.RequestOptions)",
              "createStreaming(com.anthropic.models.messages.MessageCreateParams,com.anthropic.core.RequestOptions)");
    }
  }

  @Test
  void countTokensAndTheBetaServiceAreLeftAlone() {
    // same (params, RequestOptions) shape as create, but no model call to record
    assertThat(pool.describe(AnthropicJavaInstrumentation.MESSAGES_BLOCKING).resolve().getDeclaredMethods()
            .filter(net.bytebuddy.matcher.ElementMatchers.named("countTokens")))
        .hasSize(1);
    assertThat(woven("com.anthropic.services.blocking.beta.MessageServiceImpl")).isEmpty();
  }

  @Test
  void theTriggerPrefixCoversEveryWovenClass() {
    for (String service : SERVICES) {
      assertThat(service.replace('.', '/')).startsWith(AnthropicJavaInstrumentation.PACKAGE_PREFIX);
    }
  }

  private List<String> woven(String type) {
    return pool.describe(type).resolve().getDeclaredMethods().filter(AnthropicJavaInstrumentation.createMethods())
        .stream()
        .map(AnthropicJavaInstrumentationTest::signature)
        .collect(Collectors.toList());
  }

  private static String signature(MethodDescription m) {
    return m.getName()
        + "("
        + m.getParameters().asTypeList().asErasures().stream().map(TypeDescription::getName).collect(Collectors.joining(","))
        + ")";
  }
}
