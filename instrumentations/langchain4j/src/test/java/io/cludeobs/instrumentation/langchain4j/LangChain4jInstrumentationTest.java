package io.cludeobs.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/** The matchers against LangChain4j 1.19's own class files, read without loading them. */
class LangChain4jInstrumentationTest {

  private final TypePool pool = TypePool.Default.ofSystemLoader();

  @Test
  void blockingChatModelsWeaveExactlyDoChat() {
    for (String model : List.of(LangChain4jInstrumentation.OPENAI_CHAT, LangChain4jInstrumentation.ANTHROPIC_CHAT)) {
      assertThat(woven(model, LangChain4jInstrumentation.chatMethod()))
          .as(model)
          .containsExactly("doChat(dev.langchain4j.model.chat.request.ChatRequest)");
    }
  }

  @Test
  void streamingChatModelsWeaveExactlyTheHandlerDoChat() {
    for (String model :
        List.of(LangChain4jInstrumentation.OPENAI_STREAMING_CHAT, LangChain4jInstrumentation.ANTHROPIC_STREAMING_CHAT)) {
      assertThat(woven(model, LangChain4jInstrumentation.streamingChatMethod()))
          .as(model)
          .containsExactly(
              "doChat(dev.langchain4j.model.chat.request.ChatRequest,"
                  + "dev.langchain4j.model.chat.response.StreamingChatResponseHandler)");
    }
  }

  @Test
  void theEmbeddingModelWeavesExactlyDoEmbed() {
    assertThat(woven(LangChain4jInstrumentation.OPENAI_EMBEDDING, LangChain4jInstrumentation.embedMethod()))
        .containsExactly("doEmbed(dev.langchain4j.model.embedding.request.EmbeddingRequest)");
  }

  @Test
  void theAiServiceProxyHandlerIsMatchedAndOnlyItsProxyInvokeIsWoven() {
    TypeDescription handler = pool.describe("dev.langchain4j.service.DefaultAiServices$1").resolve();
    assertThat(LangChain4jInstrumentation.aiServiceHandler().matches(handler)).isTrue();
    // the service class itself is not a handler, though its name shares the prefix's stem
    assertThat(
            LangChain4jInstrumentation.aiServiceHandler()
                .matches(pool.describe("dev.langchain4j.service.DefaultAiServices").resolve()))
        .isFalse();
    assertThat(woven("dev.langchain4j.service.DefaultAiServices$1", LangChain4jInstrumentation.aiServiceMethod()))
        .containsExactly("invoke(java.lang.Object,java.lang.reflect.Method,java.lang.Object[])");
  }

  @Test
  void theToolExecutorWeavesOnlyExecuteWithContextWhichExecuteCalls() {
    assertThat(woven(LangChain4jInstrumentation.TOOL_EXECUTOR, LangChain4jInstrumentation.toolMethod()))
        .containsExactly(
            "executeWithContext(dev.langchain4j.agent.tool.ToolExecutionRequest,"
                + "dev.langchain4j.invocation.InvocationContext)");
  }

  @Test
  void theTriggerPrefixCoversEveryWovenClass() {
    for (String type :
        List.of(
            LangChain4jInstrumentation.OPENAI_CHAT,
            LangChain4jInstrumentation.OPENAI_STREAMING_CHAT,
            LangChain4jInstrumentation.OPENAI_EMBEDDING,
            LangChain4jInstrumentation.ANTHROPIC_CHAT,
            LangChain4jInstrumentation.ANTHROPIC_STREAMING_CHAT,
            LangChain4jInstrumentation.AI_SERVICE_HANDLER_PREFIX,
            LangChain4jInstrumentation.TOOL_EXECUTOR)) {
      assertThat(type.replace('.', '/')).startsWith(LangChain4jInstrumentation.PACKAGE_PREFIX);
    }
  }

  private List<String> woven(String type, ElementMatcher<? super MethodDescription> matcher) {
    return pool.describe(type).resolve().getDeclaredMethods().filter(matcher).stream()
        .map(LangChain4jInstrumentationTest::signature)
        .collect(Collectors.toList());
  }

  private static String signature(MethodDescription m) {
    return m.getName()
        + "("
        + m.getParameters().asTypeList().asErasures().stream().map(TypeDescription::getActualName).collect(Collectors.joining(","))
        + ")";
  }
}
