package io.cludeobs.agent.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LangChain4j objects read by accessor name; objects of another shape read as unknown. */
class LangChain4jReadersTest {

  private final LangChain4jReaders.Chat openAi = new LangChain4jReaders.Chat("openai");

  @AfterEach
  void captureOff() {
    ContentCapture.install(ContentCapture.off());
  }

  @Test
  void aRequestGivesModelParametersAndTheClientsServer() {
    LlmCall call = new LlmCall(openAi, "chat", 0, false);
    openAi.readRequest(call, new FakeModel(new FakeClient("http://127.0.0.1:4711/v1")), new FakeRequest());

    assertThat(call.requestModel).isEqualTo("gpt-4o-mini");
    assertThat(call.temperature).isEqualTo(0.25);
    assertThat(call.topP).isEqualTo(0.5);
    assertThat(call.maxTokens).isEqualTo(300);
    assertThat(call.serverAddress).isEqualTo("127.0.0.1");
    assertThat(call.serverPort).isEqualTo(4711);
    assertThat(call.inputMessages).isNull();
  }

  @Test
  void aResponseGivesIdModelMappedFinishReasonUsageAndRemembersItsToolCalls() {
    LlmCall call = new LlmCall(openAi, "chat", 0, false);
    SpanContext chat =
        SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    call.span = io.opentelemetry.api.trace.Span.wrap(chat);
    openAi.readResponse(call, new FakeResponse(new FakeOpenAiUsage()));

    assertThat(call.responseId).isEqualTo("chatcmpl-1");
    assertThat(call.responseModel).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(call.finishReasons).containsExactly("tool_calls");
    assertThat(call.inputTokens).isEqualTo(120);
    assertThat(call.outputTokens).isEqualTo(30);
    assertThat(call.cacheReadTokens).isEqualTo(100);
    assertThat(call.reasoningTokens).isEqualTo(8);
    assertThat(call.cacheCreationTokens).isEqualTo(-1);
    assertThat(ToolCallLinks.requestedBy("call_unit_7")).isEqualTo(chat);
    assertThat(call.outputMessages).isNull();
  }

  @Test
  void anthropicUsageCountsCacheReadsAndWritesInTheInput() {
    LlmCall call = new LlmCall(new LangChain4jReaders.Chat("anthropic"), "chat", 0, false);
    LangChain4jReaders.Chat.readUsage(call, new FakeAnthropicUsage());

    assertThat(call.inputTokens).isEqualTo(10 + 200 + 50);
    assertThat(call.outputTokens).isEqualTo(5);
    assertThat(call.cacheReadTokens).isEqualTo(200);
    assertThat(call.cacheCreationTokens).isEqualTo(50);
  }

  @Test
  void withCaptureOnMessagesTakeTheConventionsShapeRedacted() {
    ContentCapture.install(ContentCapture.on(8192, Collections.<Pattern>emptyList()));
    LlmCall call = new LlmCall(openAi, "chat", 0, true);
    openAi.readRequest(call, new Object(), new FakeRequest());
    openAi.readResponse(call, new FakeResponse(null));

    assertThat(call.inputMessages)
        .isEqualTo(
            "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"be brief\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"key [REDACTED]\"}]},"
                + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"c0\",\"name\":\"t\",\"arguments\":\"{}\"}]},"
                + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"c0\",\"response\":\"42\"}]}]");
    assertThat(call.outputMessages)
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"thinking\"},"
                + "{\"type\":\"tool_call\",\"id\":\"call_unit_7\",\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}],"
                + "\"finish_reason\":\"tool_calls\"}]");
  }

  @Test
  void embeddingsTakeTheModelsNameWhenTheRequestHasNoneAndInputTokens() {
    LangChain4jReaders.Embeddings reader = new LangChain4jReaders.Embeddings("openai");
    LlmCall call = new LlmCall(reader, reader.operationName(), 0, false);
    reader.readRequest(call, new FakeEmbeddingModel(), new Object());
    reader.readResponse(call, new FakeEmbeddingResponse());

    assertThat(reader.operationName()).isEqualTo("embeddings");
    assertThat(call.requestModel).isEqualTo("text-embedding-3-small");
    assertThat(call.responseModel).isEqualTo("text-embedding-3-small");
    assertThat(call.inputTokens).isEqualTo(12);
    assertThat(call.outputTokens).isEqualTo(-1);
  }

  @Test
  void objectsOfAnotherShapeReadAsUnknownWithoutErrors() {
    LlmCall call = new LlmCall(openAi, "chat", 0, true);
    openAi.readRequest(call, "not a model", 42);
    openAi.readResponse(call, Arrays.asList("not", "a", "response"));
    openAi.readChunk(call, new Object());
    new LangChain4jReaders.Embeddings("openai").readResponse(call, "x");

    assertThat(call.requestModel).isNull();
    assertThat(call.temperature).isNull();
    assertThat(call.maxTokens).isEqualTo(-1);
    assertThat(call.serverAddress).isNull();
    assertThat(call.responseId).isNull();
    assertThat(call.finishReasons).isEmpty();
    assertThat(call.inputTokens).isEqualTo(-1);
    assertThat(call.inputMessages).isEqualTo("[]");
    assertThat(call.outputMessages).isEqualTo("[{\"role\":\"assistant\",\"parts\":[]}]");
  }

  @Test
  void finishReasonsUseTheConventionsTerms() {
    assertThat(LangChain4jReaders.finishReason(FinishReason.STOP)).isEqualTo("stop");
    assertThat(LangChain4jReaders.finishReason(FinishReason.LENGTH)).isEqualTo("length");
    assertThat(LangChain4jReaders.finishReason(FinishReason.TOOL_EXECUTION)).isEqualTo("tool_calls");
    assertThat(LangChain4jReaders.finishReason(FinishReason.CONTENT_FILTER)).isEqualTo("content_filter");
    assertThat(LangChain4jReaders.finishReason(FinishReason.OTHER)).isEqualTo("other");
    assertThat(LangChain4jReaders.finishReason(null)).isNull();
  }

  public enum FinishReason {
    STOP,
    LENGTH,
    TOOL_EXECUTION,
    CONTENT_FILTER,
    OTHER
  }

  public enum Type {
    SYSTEM,
    USER,
    AI,
    TOOL_EXECUTION_RESULT
  }

  static final class FakeModel {
    private final Object client;

    FakeModel(Object client) {
      this.client = client;
    }
  }

  static final class FakeClient {
    private final String baseUrl;

    FakeClient(String baseUrl) {
      this.baseUrl = baseUrl;
    }
  }

  public static final class FakeRequest {
    public String modelName() {
      return "gpt-4o-mini";
    }

    public Double temperature() {
      return 0.25;
    }

    public Double topP() {
      return 0.5;
    }

    public Integer maxOutputTokens() {
      return 300;
    }

    public List<Object> messages() {
      return Arrays.<Object>asList(
          new Message(Type.SYSTEM, "be brief"),
          new Message(Type.USER, "key sk-abcdefghijklmnopqrstuvwx"),
          new Message(Type.AI, null),
          new Message(Type.TOOL_EXECUTION_RESULT, "42"));
    }
  }

  public static final class Message {
    private final Type type;
    private final String text;

    Message(Type type, String text) {
      this.type = type;
      this.text = text;
    }

    public Type type() {
      return type;
    }

    public String text() {
      return text;
    }

    public String singleText() {
      return text;
    }

    public String id() {
      return "c0";
    }

    public List<ToolRequest> toolExecutionRequests() {
      return type == Type.AI ? Collections.singletonList(new ToolRequest("c0", "t", "{}")) : Collections.<ToolRequest>emptyList();
    }
  }

  public static final class ToolRequest {
    private final String id;
    private final String name;
    private final String arguments;

    ToolRequest(String id, String name, String arguments) {
      this.id = id;
      this.name = name;
      this.arguments = arguments;
    }

    public String id() {
      return id;
    }

    public String name() {
      return name;
    }

    public String arguments() {
      return arguments;
    }
  }

  public static final class FakeResponse {
    private final Object usage;

    FakeResponse(Object usage) {
      this.usage = usage;
    }

    public String id() {
      return "chatcmpl-1";
    }

    public String modelName() {
      return "gpt-4o-mini-2024-07-18";
    }

    public FinishReason finishReason() {
      return FinishReason.TOOL_EXECUTION;
    }

    public Object tokenUsage() {
      return usage;
    }

    public AiMessage aiMessage() {
      return new AiMessage();
    }
  }

  public static final class AiMessage {
    public String text() {
      return "thinking";
    }

    public List<ToolRequest> toolExecutionRequests() {
      return Collections.singletonList(new ToolRequest("call_unit_7", "weather", "{\"city\":\"Oslo\"}"));
    }
  }

  public static class FakeUsage {
    public Integer inputTokenCount() {
      return 120;
    }

    public Integer outputTokenCount() {
      return 30;
    }
  }

  public static final class FakeOpenAiUsage extends FakeUsage {
    public Details inputTokensDetails() {
      return new Details();
    }

    public Details outputTokensDetails() {
      return new Details();
    }
  }

  public static final class Details {
    public Integer cachedTokens() {
      return 100;
    }

    public Integer reasoningTokens() {
      return 8;
    }
  }

  public static final class FakeAnthropicUsage {
    public Integer inputTokenCount() {
      return 10;
    }

    public Integer outputTokenCount() {
      return 5;
    }

    public Integer cacheReadInputTokens() {
      return 200;
    }

    public Integer cacheCreationInputTokens() {
      return 50;
    }
  }

  public static final class FakeEmbeddingModel {
    public String modelName() {
      return "text-embedding-3-small";
    }
  }

  public static final class FakeEmbeddingResponse {
    public String modelName() {
      return "text-embedding-3-small";
    }

    public FakeUsage tokenUsage() {
      return new FakeUsage() {
        @Override
        public Integer inputTokenCount() {
          return 12;
        }
      };
    }
  }
}
