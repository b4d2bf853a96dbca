package io.cludeobs.agent.genai;

import io.cludeobs.instrumentation.springai.SpringAiInstrumentation;
import java.lang.reflect.Field;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Spring AI 1.1.x and 2.0.x chat models, read by accessor name: the {@code Prompt} and its {@code
 * ChatOptions} (the model's default options fill what the prompt leaves out), and {@code
 * ChatResponse} metadata, whole or streamed in chunks. The provider is the woven model class's.
 */
final class SpringAiReaders {

  private SpringAiReaders() {}

  /** One reader per provider, under the operation the advice of that provider's model passes. */
  static void register(Map<String, LibraryReader> readers) {
    for (String provider : SpringAiInstrumentation.PROVIDERS.values()) {
      readers.put(SpringAiInstrumentation.OPERATION_PREFIX + provider, new Chat(provider));
    }
  }

  /** {@code ChatModel.call(Prompt)} and {@code stream(Prompt)} of one provider's model. */
  static final class Chat implements LibraryReader {
    private final String provider;

    Chat(String provider) {
      this.provider = provider;
    }

    @Override
    public String provider() {
      return provider;
    }

    /** A Flux is not an interface: {@link SpringAiFlux} wraps it instead of a proxy. */
    @Override
    public String blockingStream() {
      return null;
    }

    @Override
    public String asyncStream() {
      return null;
    }

    @Override
    public void readRequest(LlmCall call, Object model, Object prompt) {
      Object options = Reflect.call(prompt, "getOptions");
      Object defaults = Reflect.call(model, "getDefaultOptions");
      call.requestModel = text(options, defaults, "getModel");
      call.temperature = Reflect.decimal(options, "getTemperature");
      if (call.temperature == null) {
        call.temperature = Reflect.decimal(defaults, "getTemperature");
      }
      call.topP = Reflect.decimal(options, "getTopP");
      if (call.topP == null) {
        call.topP = Reflect.decimal(defaults, "getTopP");
      }
      call.maxTokens = number(options, defaults, "getMaxTokens");
      if (call.maxTokens < 0) {
        call.maxTokens = number(options, defaults, "getMaxCompletionTokens");
      }
      readServer(call, model, defaults);
      if (call.capture) {
        call.inputMessages = inputMessages(Reflect.list(prompt, "getInstructions"));
      }
    }

    @Override
    public void readResponse(LlmCall call, Object response) {
      Object metadata = Reflect.call(response, "getMetadata");
      call.responseId = nonEmpty(Reflect.text(metadata, "getId"));
      call.responseModel = nonEmpty(Reflect.text(metadata, "getModel"));
      readUsage(call, Reflect.call(metadata, "getUsage"));
      List<?> generations = Reflect.list(response, "getResults");
      MessagesJson out = call.capture ? new MessagesJson(ContentCapture.installed()) : null;
      for (Object generation : generations) {
        String reason = finishReason(generation);
        call.addFinishReason(reason);
        Object message = Reflect.call(generation, "getOutput");
        if (out != null) {
          out.message("assistant").text(nonEmpty(Reflect.text(message, "getText")));
        }
        for (Object toolCall : Reflect.list(message, "getToolCalls")) {
          String id = Reflect.text(toolCall, "id");
          ToolCallLinks.remember(id, call.spanContext());
          if (out != null) {
            out.toolCall(id, Reflect.text(toolCall, "name"), Reflect.text(toolCall, "arguments"));
          }
        }
        if (out != null) {
          out.end(reason);
        }
      }
      if (out != null) {
        call.outputMessages = out.build();
      }
    }

    /** A streamed {@code ChatResponse}: ids and model once known, the finish reason and usage when sent. */
    @Override
    public void readChunk(LlmCall call, Object chunk) {
      Object metadata = Reflect.call(chunk, "getMetadata");
      String id = nonEmpty(Reflect.text(metadata, "getId"));
      if (id != null) {
        call.responseId = id;
      }
      String model = nonEmpty(Reflect.text(metadata, "getModel"));
      if (model != null) {
        call.responseModel = model;
      }
      Object usage = Reflect.call(metadata, "getUsage");
      if (Reflect.number(usage, "getPromptTokens") > 0 || Reflect.number(usage, "getCompletionTokens") > 0) {
        readUsage(call, usage);
      }
      for (Object generation : Reflect.list(chunk, "getResults")) {
        String reason = finishReason(generation);
        List<String> reasons = call.finishReasons;
        if (reason != null && (reasons.isEmpty() || !reasons.get(reasons.size() - 1).equals(reason))) {
          call.addFinishReason(reason);
        }
        Object message = Reflect.call(generation, "getOutput");
        int index = 0;
        for (Object toolCall : Reflect.list(message, "getToolCalls")) {
          LlmCall.StreamedToolCall t = call.streamedToolCalls.get(index);
          if (t == null) {
            t = new LlmCall.StreamedToolCall();
            call.streamedToolCalls.put(index, t);
          }
          t.id = Reflect.text(toolCall, "id");
          t.name = Reflect.text(toolCall, "name");
          ToolCallLinks.remember(t.id, call.spanContext());
          String args = Reflect.text(toolCall, "arguments");
          if (call.capture && args != null) {
            t.arguments.setLength(0);
            t.arguments.append(args);
          }
          index++;
        }
        if (call.capture) {
          String text = Reflect.text(message, "getText");
          if (text != null && !text.isEmpty()) {
            if (call.streamedText == null) {
              call.streamedText = new StringBuilder();
            }
            call.streamedText.append(text);
          }
        }
      }
    }
  }

  /**
   * Spring AI's {@code Usage}: prompt and completion counts; cache and reasoning counts from its
   * 2.0 accessors or the provider's native usage object (OpenAI's {@code prompt_tokens_details}).
   * Within one {@code call} that ran tools, Spring AI reports the usage summed over its requests.
   */
  static void readUsage(LlmCall call, Object usage) {
    if (usage == null) {
      return;
    }
    call.inputTokens = Reflect.number(usage, "getPromptTokens");
    call.outputTokens = Reflect.number(usage, "getCompletionTokens");
    Object nativeUsage = Reflect.call(usage, "getNativeUsage");
    long cacheRead = Reflect.number(usage, "getCacheReadInputTokens");
    call.cacheReadTokens =
        cacheRead >= 0 ? cacheRead : Reflect.number(Reflect.call(nativeUsage, "promptTokensDetails"), "cachedTokens");
    call.cacheCreationTokens = Reflect.number(usage, "getCacheWriteInputTokens");
    call.reasoningTokens = Reflect.number(Reflect.call(nativeUsage, "completionTokensDetails"), "reasoningTokens");
  }

  /** Spring AI passes the provider's reason through, upper-cased by some models ({@code STOP}); the conventions use lower case. */
  static String finishReason(Object generation) {
    String reason = nonEmpty(Reflect.text(Reflect.call(generation, "getMetadata"), "getFinishReason"));
    return reason == null ? null : reason.toLowerCase(Locale.ROOT);
  }

  /** The prompt's messages: {@code getMessageType()} gives the role; tool results and earlier tool calls as parts. */
  static String inputMessages(List<?> messages) {
    MessagesJson json = new MessagesJson(ContentCapture.installed());
    for (Object m : messages) {
      String role = Reflect.text(m, "getMessageType");
      role = role == null ? "user" : role.toLowerCase(Locale.ROOT);
      json.message(role);
      if ("tool".equals(role)) {
        for (Object r : Reflect.list(m, "getResponses")) {
          json.toolResponse(Reflect.text(r, "id"), Reflect.text(r, "responseData"));
        }
      } else {
        json.text(nonEmpty(Reflect.text(m, "getText")));
        for (Object toolCall : Reflect.list(m, "getToolCalls")) {
          json.toolCall(Reflect.text(toolCall, "id"), Reflect.text(toolCall, "name"), Reflect.text(toolCall, "arguments"));
        }
      }
      json.end(null);
    }
    return json.build();
  }

  /**
   * {@code server.address}/{@code server.port}: the options' {@code getBaseUrl()} when set there, else
   * the {@code clientOptions.baseUrl()} of the openai-java client under the 2.0 model, else the
   * {@code baseUrl} of the 1.1 model's {@code OpenAiApi}.
   */
  static void readServer(LlmCall call, Object model, Object defaults) {
    String baseUrl = nonEmpty(Reflect.text(defaults, "getBaseUrl"));
    if (baseUrl == null) {
      baseUrl = nonEmpty(Reflect.text(field(field(model, "openAiClient"), "clientOptions"), "baseUrl"));
    }
    if (baseUrl == null) {
      baseUrl = fieldText(field(model, "openAiApi"), "baseUrl");
    }
    if (baseUrl == null) {
      return;
    }
    try {
      URI uri = URI.create(baseUrl);
      if (uri.getHost() == null) {
        return;
      }
      call.serverAddress = uri.getHost();
      int port = uri.getPort();
      call.serverPort = port >= 0 ? port : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    } catch (IllegalArgumentException notAUrl) {
      // no server attributes rather than a failure
    }
  }

  private static Object field(Object target, String name) {
    if (target == null) {
      return null;
    }
    try {
      Field f = target.getClass().getDeclaredField(name);
      f.setAccessible(true);
      return f.get(target);
    } catch (Throwable unreadable) {
      return null;
    }
  }

  private static String fieldText(Object target, String name) {
    Object v = field(target, name);
    return v instanceof String ? (String) v : null;
  }

  private static String text(Object options, Object defaults, String accessor) {
    String v = nonEmpty(Reflect.text(options, accessor));
    return v != null ? v : nonEmpty(Reflect.text(defaults, accessor));
  }

  private static long number(Object options, Object defaults, String accessor) {
    long v = Reflect.number(options, accessor);
    return v >= 0 ? v : Reflect.number(defaults, accessor);
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
