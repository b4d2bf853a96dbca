package io.cludeobs.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/** The matchers against Spring AI 1.1's own class files, read without loading them. */
class SpringAiInstrumentationTest {

  private final TypePool pool = TypePool.Default.ofSystemLoader();

  @Test
  void theOpenAiModelWeavesExactlyCallAndStreamOfAPrompt() {
    assertThat(woven("org.springframework.ai.openai.OpenAiChatModel", SpringAiInstrumentation.chatMethods()))
        .containsExactlyInAnyOrder(
            "call(org.springframework.ai.chat.prompt.Prompt)", "stream(org.springframework.ai.chat.prompt.Prompt)");
  }

  @Test
  void toolCallbacksWeaveOnlyTheOverloadWithAToolContext() {
    for (String tool : List.of(SpringAiInstrumentation.METHOD_TOOL, SpringAiInstrumentation.FUNCTION_TOOL)) {
      assertThat(woven(tool, SpringAiInstrumentation.toolMethods()))
          .as(tool)
          .containsExactly("call(java.lang.String,org.springframework.ai.chat.model.ToolContext)");
      assertThat(SpringAiInstrumentation.toolName(pool.describe(tool).resolve())).as(tool).isNotNull();
    }
  }

  @Test
  void aClassWithoutAToolDefinitionGetterIsNotWoven() {
    assertThat(SpringAiInstrumentation.toolName(TypeDescription.ForLoadedType.of(String.class))).isNull();
    assertThat(SpringAiInstrumentation.toolName(TypeDescription.ForLoadedType.of(WrongShape.class))).isNull();
  }

  @Test
  void everyProviderIsASpringAiClassTheTriggerSees() {
    assertThat(SpringAiInstrumentation.PROVIDERS).containsEntry("org.springframework.ai.openai.OpenAiChatModel", "openai");
    for (String type : SpringAiInstrumentation.PROVIDERS.keySet()) {
      assertThat(type.replace('.', '/')).startsWith(SpringAiInstrumentation.PACKAGE_PREFIX);
    }
    assertThat(SpringAiInstrumentation.METHOD_TOOL.replace('.', '/')).startsWith(SpringAiInstrumentation.PACKAGE_PREFIX);
    assertThat(SpringAiInstrumentation.FUNCTION_TOOL.replace('.', '/')).startsWith(SpringAiInstrumentation.PACKAGE_PREFIX);
  }

  /** A getter of the right name whose result has no {@code name()}: left alone. */
  static final class WrongShape {
    public Object getToolDefinition() {
      return "x";
    }
  }

  private List<String> woven(String type, net.bytebuddy.matcher.ElementMatcher<? super MethodDescription> matcher) {
    return pool.describe(type).resolve().getDeclaredMethods().filter(matcher).stream()
        .map(SpringAiInstrumentationTest::signature)
        .collect(Collectors.toList());
  }

  private static String signature(MethodDescription m) {
    return m.getName()
        + "("
        + m.getParameters().asTypeList().asErasures().stream().map(TypeDescription::getName).collect(Collectors.joining(","))
        + ")";
  }
}
