package io.cludeobs.agent.genai;

import java.lang.reflect.Field;
import java.net.URI;
import java.util.List;

/**
 * LangChain4j 1.x, read by accessor name: {@code ChatRequest} (parameters already merged with the
 * model's defaults when {@code doChat} runs), {@code ChatResponse} with the providers' token usage
 * subclasses, {@code EmbeddingRequest} and {@code EmbeddingResponse}.
 */
final class LangChain4jReaders {

  private LangChain4jReaders() {}

  /** Reads {@code client.baseUrl} of a LangChain4j model (private fields of its HTTP client). */
  static void readServer(LlmCall call, Object model) {
    try {
      Object client = field(model, "client");
      Object baseUrl = field(client, "baseUrl");
      if (!(baseUrl instanceof String)) {
        return;
      }
      URI uri = URI.create((String) baseUrl);
      if (uri.getHost() == null) {
        return;
      }
      call.serverAddress = uri.getHost();
      int port = uri.getPort();
      call.serverPort = port >= 0 ? port : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    } catch (Throwable unreadable) {
      // another layout of the model or its client: no server attributes rather than a failure
    }
  }

  private static Object field(Object target, String name) throws ReflectiveOperationException {
    if (target == null) {
      return null;
    }
    for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
      } catch (NoSuchFieldException next) {
        // declared higher up, if at all
      }
    }
    return null;
  }

  /**
   * LangChain4j's {@code FinishReason} in the conventions' (OpenAI's) terms: LangChain4j keeps only
   * its own enum, not the provider's text.
   */
  static String finishReason(Object reason) {
    if (reason == null) {
      return null;
    }
    switch (reason.toString()) {
      case "STOP":
        return "stop";
      case "LENGTH":
        return "length";
      case "TOOL_EXECUTION":
        return "tool_calls";
      case "CONTENT_FILTER":
        return "content_filter";
      default:
        return reason.toString().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** {@code ChatModel}/{@code StreamingChatModel} calls of one provider. */
  static final class Chat implements LibraryReader {

    private final String provider;

    Chat(String provider) {
      this.provider = provider;
    }

    @Override
    public String provider() {
      return provider;
    }

    @Override
    public String blockingStream() {
      return null;
    }

    @Override
    public String asyncStream() {
      return null;
    }

    @Override
    public void readRequest(LlmCall call, Object model, Object request) {
      readServer(call, model);
      call.requestModel = Reflect.text(request, "modelName");
      call.temperature = Reflect.decimal(request, "temperature");
      call.topP = Reflect.decimal(request, "topP");
      call.maxTokens = Reflect.number(request, "maxOutputTokens");
      if (call.capture) {
        call.inputMessages = inputMessages(Reflect.list(request, "messages"));
      }
    }

    private static String inputMessages(List<?> messages) {
      MessagesJson json = new MessagesJson(ContentCapture.installed());
      for (Object m : messages) {
        String type = Reflect.text(m, "type");
        if ("SYSTEM".equals(type)) {
          json.message("system").text(Reflect.text(m, "text")).end(null);
        } else if ("USER".equals(type)) {
          json.message("user").text(userText(m)).end(null);
        } else if ("AI".equals(type)) {
          json.message("assistant").text(Reflect.text(m, "text"));
          for (Object r : Reflect.list(m, "toolExecutionRequests")) {
            json.toolCall(Reflect.text(r, "id"), Reflect.text(r, "name"), Reflect.text(r, "arguments"));
          }
          json.end(null);
        } else if ("TOOL_EXECUTION_RESULT".equals(type)) {
          json.message("tool").toolResponse(Reflect.text(m, "id"), Reflect.text(m, "text")).end(null);
        }
      }
      return json.build();
    }

    /** A user message's text: the single text, else its text contents joined. */
    private static String userText(Object message) {
      String single = Reflect.text(message, "singleText");
      if (single != null) {
        return single;
      }
      StringBuilder b = null;
      for (Object content : Reflect.list(message, "contents")) {
        String t = Reflect.text(content, "text");
        if (t != null) {
          b = b == null ? new StringBuilder(t) : b.append(t);
        }
      }
      return b == null ? null : b.toString();
    }

    @Override
    public void readResponse(LlmCall call, Object response) {
      if (response == null) {
        return;
      }
      call.responseId = Reflect.text(response, "id");
      call.responseModel = Reflect.text(response, "modelName");
      String reason = finishReason(Reflect.call(response, "finishReason"));
      call.addFinishReason(reason);
      readUsage(call, Reflect.call(response, "tokenUsage"));
      Object message = Reflect.call(response, "aiMessage");
      MessagesJson out =
          call.capture ? new MessagesJson(ContentCapture.installed()).message("assistant").text(Reflect.text(message, "text")) : null;
      for (Object request : Reflect.list(message, "toolExecutionRequests")) {
        String id = Reflect.text(request, "id");
        ToolCallLinks.remember(id, call.spanContext());
        if (out != null) {
          out.toolCall(id, Reflect.text(request, "name"), Reflect.text(request, "arguments"));
        }
      }
      if (out != null) {
        call.outputMessages = out.end(reason).build();
      }
    }

    static void readUsage(LlmCall call, Object usage) {
      if (usage == null) {
        return;
      }
      call.inputTokens = Reflect.number(usage, "inputTokenCount");
      call.outputTokens = Reflect.number(usage, "outputTokenCount");
      // OpenAiTokenUsage: cached and reasoning tokens are already part of the input and output counts
      call.cacheReadTokens = Reflect.number(Reflect.call(usage, "inputTokensDetails"), "cachedTokens");
      call.reasoningTokens = Reflect.number(Reflect.call(usage, "outputTokensDetails"), "reasoningTokens");
      if (Reflect.has(usage, "cacheReadInputTokens")) {
        // AnthropicTokenUsage keeps Anthropic's input_tokens, which leave out the cache reads and
        // writes: they are added so the input count is the whole prompt, as for OpenAI
        long read = Reflect.number(usage, "cacheReadInputTokens");
        long created = Reflect.number(usage, "cacheCreationInputTokens");
        call.cacheReadTokens = read;
        call.cacheCreationTokens = created;
        if (call.inputTokens >= 0) {
          call.inputTokens += Math.max(read, 0) + Math.max(created, 0);
        }
      }
    }

    @Override
    public void readChunk(LlmCall call, Object partial) {
      if (!call.capture) {
        return;
      }
      // the complete response replaces this text; it is kept for a stream that fails half-way
      String text = partial instanceof CharSequence ? partial.toString() : Reflect.text(partial, "text");
      if (text != null) {
        if (call.streamedText == null) {
          call.streamedText = new StringBuilder();
        }
        call.streamedText.append(text);
      }
    }
  }

  /** {@code EmbeddingModel} calls. */
  static final class Embeddings implements LibraryReader {

    private final String provider;

    Embeddings(String provider) {
      this.provider = provider;
    }

    @Override
    public String provider() {
      return provider;
    }

    @Override
    public String operationName() {
      return "embeddings";
    }

    @Override
    public String blockingStream() {
      return null;
    }

    @Override
    public String asyncStream() {
      return null;
    }

    @Override
    public void readRequest(LlmCall call, Object model, Object request) {
      readServer(call, model);
      call.requestModel = Reflect.text(request, "modelName");
      if (call.requestModel == null) {
        // a request without a model goes out with the model's own
        call.requestModel = Reflect.text(model, "modelName");
      }
    }

    @Override
    public void readResponse(LlmCall call, Object response) {
      if (response == null) {
        return;
      }
      call.responseModel = Reflect.text(response, "modelName");
      call.inputTokens = Reflect.number(Reflect.call(response, "tokenUsage"), "inputTokenCount");
    }

    @Override
    public void readChunk(LlmCall call, Object chunk) {}
  }
}
