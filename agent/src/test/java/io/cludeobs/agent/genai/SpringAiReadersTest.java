package io.cludeobs.agent.genai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spring AI's objects read by accessor name; objects of another shape read as unknown, never as a failure. */
class SpringAiReadersTest {

  private final SpringAiReaders.Chat reader = new SpringAiReaders.Chat("openai");

  @AfterEach
  void captureOff() {
    ContentCapture.install(ContentCapture.off());
  }

  @Test
  void everyProviderHasAReaderUnderItsOperation() {
    Map<String, LibraryReader> readers = new HashMap<>();
    SpringAiReaders.register(readers);
    assertThat(readers.get("spring-ai.chat.openai").provider()).isEqualTo("openai");
    assertThat(readers.get("spring-ai.chat.anthropic").provider()).isEqualTo("anthropic");
    assertThat(readers).hasSize(9);
  }

  @Test
  void thePromptsOptionsWinAndTheModelsDefaultsFillTheRest() {
    LlmCall call = new LlmCall(reader, "chat", 0, false);
    reader.readRequest(call, new Model(new Options(null, 0.7, 0.9, 512)), new Prompt(new Options("gpt-4o-mini", 0.2, null, null)));

    assertThat(call.requestModel).isEqualTo("gpt-4o-mini");
    assertThat(call.temperature).isEqualTo(0.2);
    assertThat(call.topP).isEqualTo(0.9);
    assertThat(call.maxTokens).isEqualTo(512);
    // 1.1's model keeps the base URL in its OpenAiApi
    assertThat(call.serverAddress).isEqualTo("127.0.0.1");
    assertThat(call.serverPort).isEqualTo(8089);
    assertThat(call.inputMessages).isNull();
  }

  @Test
  void the20ModelsServerIsItsOpenAiJavaClientsBaseUrl() {
    LlmCall call = new LlmCall(reader, "chat", 0, false);
    reader.readRequest(call, new Model20(), new Prompt(new Options("gpt-4o-mini", null, null, null)));

    assertThat(call.serverAddress).isEqualTo("10.1.2.3");
    assertThat(call.serverPort).isEqualTo(443);
  }

  @Test
  void aResponseGivesIdModelLowerCaseFinishReasonsAndUsage() {
    LlmCall call = new LlmCall(reader, "chat", 0, false);
    reader.readResponse(call, response("chatcmpl-1", "gpt-4o-mini-2024-07-18", "STOP", new Usage(120, 30, new NativeUsage(40, 7))));

    assertThat(call.responseId).isEqualTo("chatcmpl-1");
    assertThat(call.responseModel).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(call.finishReasons).containsExactly("stop");
    assertThat(call.inputTokens).isEqualTo(120);
    assertThat(call.outputTokens).isEqualTo(30);
    assertThat(call.cacheReadTokens).isEqualTo(40);
    assertThat(call.reasoningTokens).isEqualTo(7);
    assertThat(call.cacheCreationTokens).isEqualTo(-1);
    assertThat(call.outputMessages).isNull();
  }

  @Test
  void streamedChunksKeepTheLastIdOneFinishReasonAndTheFinalUsage() {
    LlmCall call = new LlmCall(reader, "chat", 0, true);
    ContentCapture.install(ContentCapture.on(8192, Collections.<Pattern>emptyList()));
    reader.readChunk(call, response("chatcmpl-s", "gpt-4.1-mini", "", new Usage(0, 0, null), "Hel"));
    reader.readChunk(call, response("chatcmpl-s", "gpt-4.1-mini", "STOP", new Usage(0, 0, null), "lo"));
    reader.readChunk(call, response("chatcmpl-s", "gpt-4.1-mini", "STOP", new Usage(20, 2, null), ""));

    assertThat(call.responseId).isEqualTo("chatcmpl-s");
    assertThat(call.finishReasons).containsExactly("stop");
    assertThat(call.inputTokens).isEqualTo(20);
    assertThat(call.outputTokens).isEqualTo(2);
    assertThat(call.streamedText.toString()).isEqualTo("Hello");
  }

  @Test
  void capturedMessagesTakeTheirRoleFromTheMessageType() {
    ContentCapture.install(ContentCapture.on(8192, Collections.<Pattern>emptyList()));
    LlmCall call = new LlmCall(reader, "chat", 0, true);
    reader.readRequest(
        call,
        new Model(new Options("m", null, null, null)),
        new Prompt(
            new Options(null, null, null, null),
            new Message("SYSTEM", "Be brief."),
            new Message("USER", "Weather in Paris? key sk-abcdefghijklmnopqrstuvwx")));

    assertThat(call.inputMessages)
        .isEqualTo(
            "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Paris? key [REDACTED]\"}]}]");
  }

  @Test
  void objectsOfTheWrongShapeReadAsUnknown() {
    LlmCall call = new LlmCall(reader, "chat", 0, true);
    ContentCapture.install(ContentCapture.on(8192, Collections.<Pattern>emptyList()));
    reader.readRequest(call, "not a model", 42);
    reader.readResponse(call, Arrays.asList("not", "a", "response"));
    reader.readChunk(call, new Object());
    reader.readRequest(call, null, null);
    reader.readResponse(call, null);

    assertThat(call.requestModel).isNull();
    assertThat(call.temperature).isNull();
    assertThat(call.maxTokens).isEqualTo(-1);
    assertThat(call.serverAddress).isNull();
    assertThat(call.responseId).isNull();
    assertThat(call.responseModel).isNull();
    assertThat(call.finishReasons).isEmpty();
    assertThat(call.inputTokens).isEqualTo(-1);
    assertThat(call.outputTokens).isEqualTo(-1);
    assertThat(call.inputMessages).isEqualTo("[]");
  }

  static Response response(String id, String model, String finish, Usage usage) {
    return response(id, model, finish, usage, "answer");
  }

  static Response response(String id, String model, String finish, Usage usage, String text) {
    return new Response(new Metadata(id, model, usage), Collections.singletonList(new Generation(finish, text)));
  }

  // shapes of Spring AI's classes, by accessor name only

  public static final class Options {
    private final String model;
    private final Double temperature;
    private final Double topP;
    private final Integer maxTokens;

    Options(String model, Double temperature, Double topP, Integer maxTokens) {
      this.model = model;
      this.temperature = temperature;
      this.topP = topP;
      this.maxTokens = maxTokens;
    }

    public String getModel() {
      return model;
    }

    public Double getTemperature() {
      return temperature;
    }

    public Double getTopP() {
      return topP;
    }

    public Integer getMaxTokens() {
      return maxTokens;
    }
  }

  public static final class Api {
    private final String baseUrl = "http://127.0.0.1:8089";
  }

  public static final class Model {
    private final Options defaults;
    private final Api openAiApi = new Api();

    Model(Options defaults) {
      this.defaults = defaults;
    }

    public Options getDefaultOptions() {
      return defaults;
    }
  }

  public static final class ClientOptions {
    public String baseUrl() {
      return "https://10.1.2.3/v1";
    }
  }

  public static final class Client {
    private final ClientOptions clientOptions = new ClientOptions();
  }

  /** 2.0's model: no base URL in the options, an openai-java client underneath. */
  public static final class Model20 {
    private final Client openAiClient = new Client();

    public Options getDefaultOptions() {
      return new Options(null, null, null, null);
    }
  }

  public static final class Message {
    private final String type;
    private final String text;

    Message(String type, String text) {
      this.type = type;
      this.text = text;
    }

    public String getMessageType() {
      return type;
    }

    public String getText() {
      return text;
    }
  }

  public static final class Prompt {
    private final Options options;
    private final List<Message> messages;

    Prompt(Options options, Message... messages) {
      this.options = options;
      this.messages = Arrays.asList(messages);
    }

    public Options getOptions() {
      return options;
    }

    public List<Message> getInstructions() {
      return messages;
    }
  }

  public static final class NativeUsage {
    private final long cached;
    private final long reasoning;

    NativeUsage(long cached, long reasoning) {
      this.cached = cached;
      this.reasoning = reasoning;
    }

    public Details promptTokensDetails() {
      return new Details(cached);
    }

    public Details completionTokensDetails() {
      return new Details(reasoning);
    }
  }

  public static final class Details {
    private final long value;

    Details(long value) {
      this.value = value;
    }

    public Long cachedTokens() {
      return value;
    }

    public Long reasoningTokens() {
      return value;
    }
  }

  public static final class Usage {
    private final int prompt;
    private final int completion;
    private final Object nativeUsage;

    Usage(int prompt, int completion, Object nativeUsage) {
      this.prompt = prompt;
      this.completion = completion;
      this.nativeUsage = nativeUsage;
    }

    public Integer getPromptTokens() {
      return prompt;
    }

    public Integer getCompletionTokens() {
      return completion;
    }

    public Object getNativeUsage() {
      return nativeUsage;
    }
  }

  public static final class Metadata {
    private final String id;
    private final String model;
    private final Usage usage;

    Metadata(String id, String model, Usage usage) {
      this.id = id;
      this.model = model;
      this.usage = usage;
    }

    public String getId() {
      return id;
    }

    public String getModel() {
      return model;
    }

    public Usage getUsage() {
      return usage;
    }
  }

  public static final class GenerationMetadata {
    private final String finish;

    GenerationMetadata(String finish) {
      this.finish = finish;
    }

    public String getFinishReason() {
      return finish;
    }
  }

  public static final class Output {
    private final String text;

    Output(String text) {
      this.text = text;
    }

    public String getText() {
      return text;
    }

    public List<Object> getToolCalls() {
      return Collections.emptyList();
    }
  }

  public static final class Generation {
    private final String finish;
    private final String text;

    Generation(String finish, String text) {
      this.finish = finish;
      this.text = text;
    }

    public GenerationMetadata getMetadata() {
      return new GenerationMetadata(finish);
    }

    public Output getOutput() {
      return new Output(text);
    }
  }

  public static final class Response {
    private final Metadata metadata;
    private final List<Generation> results;

    Response(Metadata metadata, List<Generation> results) {
      this.metadata = metadata;
      this.results = results;
    }

    public Metadata getMetadata() {
      return metadata;
    }

    public List<Generation> getResults() {
      return results;
    }
  }
}
