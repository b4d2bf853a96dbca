package io.cludeobs.agent.genai;

import java.lang.reflect.Field;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * openai-java 4.x, read by accessor name: chat completions ({@code ChatCompletionCreateParams},
 * {@code ChatCompletion}, {@code ChatCompletionChunk}) and the Responses API ({@code
 * ResponseCreateParams}, {@code Response}, {@code ResponseStreamEvent}).
 */
final class OpenAiReaders {

  static final String BLOCKING_STREAM = "com.openai.core.http.StreamResponse";
  static final String ASYNC_STREAM = "com.openai.core.http.AsyncStreamResponse";

  /** Message roles of {@code ChatCompletionMessageParam}, each an accessor of the union. */
  private static final String[] ROLES = {"developer", "system", "user", "assistant", "tool"};

  private OpenAiReaders() {}

  /** Reads {@code clientOptions.baseUrl()} of a service implementation for server.address/port. */
  static void readServer(LlmCall call, Object client) {
    if (client == null) {
      return;
    }
    try {
      Field f = client.getClass().getDeclaredField("clientOptions");
      f.setAccessible(true);
      String baseUrl = Reflect.text(f.get(client), "baseUrl");
      if (baseUrl == null) {
        return;
      }
      URI uri = URI.create(baseUrl);
      call.serverAddress = uri.getHost();
      int port = uri.getPort();
      call.serverPort = port >= 0 ? port : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    } catch (Throwable unreadable) {
      // another openai-java layout: no server attributes rather than a failure
    }
  }

  /** Chat completions. */
  static final class Chat implements LibraryReader {

    @Override
    public String provider() {
      return "openai";
    }

    @Override
    public String blockingStream() {
      return BLOCKING_STREAM;
    }

    @Override
    public String asyncStream() {
      return ASYNC_STREAM;
    }

    @Override
    public void readRequest(LlmCall call, Object client, Object params) {
      readServer(call, client);
      call.requestModel = Reflect.text(params, "model");
      call.temperature = Reflect.decimal(params, "temperature");
      call.topP = Reflect.decimal(params, "topP");
      call.maxTokens = Reflect.number(params, "maxCompletionTokens");
      if (call.maxTokens < 0) {
        call.maxTokens = Reflect.number(params, "maxTokens");
      }
      if (call.capture) {
        call.inputMessages = inputMessages(Reflect.list(params, "messages"));
      }
    }

    private static String inputMessages(List<?> messages) {
      MessagesJson json = new MessagesJson(ContentCapture.installed());
      for (Object m : messages) {
        for (String role : ROLES) {
          Object typed = Reflect.call(m, role);
          if (typed == null) {
            continue;
          }
          json.message(role);
          if ("tool".equals(role)) {
            json.toolResponse(Reflect.text(typed, "toolCallId"), textOf(Reflect.call(typed, "content")));
          } else {
            json.text(textOf(Reflect.call(typed, "content")));
            for (Object toolCall : Reflect.list(typed, "toolCalls")) {
              Object fn = Reflect.call(toolCall, "function");
              Object inner = Reflect.call(fn, "function");
              json.toolCall(Reflect.text(fn, "id"), Reflect.text(inner, "name"), Reflect.text(inner, "arguments"));
            }
          }
          json.end(null);
          break;
        }
      }
      return json.build();
    }

    @Override
    public void readResponse(LlmCall call, Object completion) {
      call.responseId = Reflect.text(completion, "id");
      call.responseModel = Reflect.text(completion, "model");
      List<?> choices = Reflect.list(completion, "choices");
      for (Object choice : choices) {
        call.addFinishReason(Reflect.text(choice, "finishReason"));
      }
      readUsage(call, Reflect.call(completion, "usage"));
      MessagesJson out = call.capture ? new MessagesJson(ContentCapture.installed()) : null;
      for (Object choice : choices) {
        Object message = Reflect.call(choice, "message");
        if (out != null) {
          out.message("assistant").text(Reflect.text(message, "content"));
        }
        for (Object toolCall : Reflect.list(message, "toolCalls")) {
          Object fn = Reflect.call(toolCall, "function");
          String id = Reflect.text(fn, "id");
          ToolCallLinks.remember(id, call.spanContext());
          if (out != null) {
            Object inner = Reflect.call(fn, "function");
            out.toolCall(id, Reflect.text(inner, "name"), Reflect.text(inner, "arguments"));
          }
        }
        if (out != null) {
          out.end(Reflect.text(choice, "finishReason"));
        }
      }
      if (out != null) {
        call.outputMessages = out.build();
      }
    }

    @Override
    public void readChunk(LlmCall call, Object chunk) {
      if (call.responseId == null) {
        call.responseId = Reflect.text(chunk, "id");
      }
      String model = Reflect.text(chunk, "model");
      if (model != null && !model.isEmpty()) {
        call.responseModel = model;
      }
      for (Object choice : Reflect.list(chunk, "choices")) {
        call.addFinishReason(Reflect.text(choice, "finishReason"));
        Object delta = Reflect.call(choice, "delta");
        for (Object toolCall : Reflect.list(delta, "toolCalls")) {
          Number index = (Number) Reflect.call(toolCall, "index");
          int key = index == null ? 0 : index.intValue();
          Map<Integer, LlmCall.StreamedToolCall> calls = call.streamedToolCalls;
          LlmCall.StreamedToolCall t = calls.get(key);
          if (t == null) {
            t = new LlmCall.StreamedToolCall();
            calls.put(key, t);
          }
          String id = Reflect.text(toolCall, "id");
          if (id != null) {
            t.id = id;
            ToolCallLinks.remember(id, call.spanContext());
          }
          Object fn = Reflect.call(toolCall, "function");
          String name = Reflect.text(fn, "name");
          if (name != null) {
            t.name = name;
          }
          String args = Reflect.text(fn, "arguments");
          if (args != null && call.capture) {
            t.arguments.append(args);
          }
        }
        if (call.capture) {
          String text = Reflect.text(delta, "content");
          if (text != null) {
            if (call.streamedText == null) {
              call.streamedText = new StringBuilder();
            }
            call.streamedText.append(text);
          }
        }
      }
      Object usage = Reflect.call(chunk, "usage");
      if (usage != null) {
        readUsage(call, usage);
      }
    }

    private static void readUsage(LlmCall call, Object usage) {
      if (usage == null) {
        return;
      }
      call.inputTokens = Reflect.number(usage, "promptTokens");
      call.outputTokens = Reflect.number(usage, "completionTokens");
      call.cacheReadTokens = Reflect.number(Reflect.call(usage, "promptTokensDetails"), "cachedTokens");
      call.reasoningTokens = Reflect.number(Reflect.call(usage, "completionTokensDetails"), "reasoningTokens");
    }
  }

  /** The Responses API. */
  static final class Responses implements LibraryReader {

    @Override
    public String provider() {
      return "openai";
    }

    @Override
    public String blockingStream() {
      return BLOCKING_STREAM;
    }

    @Override
    public String asyncStream() {
      return ASYNC_STREAM;
    }

    @Override
    public void readRequest(LlmCall call, Object client, Object params) {
      readServer(call, client);
      call.requestModel = responsesModel(Reflect.call(params, "model"));
      call.temperature = Reflect.decimal(params, "temperature");
      call.topP = Reflect.decimal(params, "topP");
      call.maxTokens = Reflect.number(params, "maxOutputTokens");
      if (call.capture) {
        ContentCapture capture = ContentCapture.installed();
        String instructions = Reflect.text(params, "instructions");
        if (instructions != null) {
          call.systemInstructions = MessagesJson.instructions(capture, instructions);
        }
        Object input = Reflect.call(params, "input");
        String text = Reflect.text(input, "text");
        if (text != null) {
          call.inputMessages = new MessagesJson(capture).message("user").text(text).end(null).build();
        }
      }
    }

    /** {@code ResponsesModel} is a union of a plain string, a chat model and a responses-only model. */
    static String responsesModel(Object model) {
      if (model == null) {
        return null;
      }
      for (String variant : new String[] {"string", "chat", "only"}) {
        Object v = Reflect.call(model, variant);
        if (v != null) {
          return Reflect.wireText(v);
        }
      }
      return Reflect.wireText(model);
    }

    @Override
    public void readResponse(LlmCall call, Object response) {
      call.responseId = Reflect.text(response, "id");
      call.responseModel = responsesModel(Reflect.call(response, "model"));
      String status = Reflect.text(response, "status");
      Object usage = Reflect.call(response, "usage");
      if (usage != null) {
        call.inputTokens = Reflect.number(usage, "inputTokens");
        call.outputTokens = Reflect.number(usage, "outputTokens");
        call.cacheReadTokens = Reflect.number(Reflect.call(usage, "inputTokensDetails"), "cachedTokens");
        call.reasoningTokens = Reflect.number(Reflect.call(usage, "outputTokensDetails"), "reasoningTokens");
      }
      MessagesJson out = call.capture ? new MessagesJson(ContentCapture.installed()).message("assistant") : null;
      boolean toolCalls = false;
      for (Object item : Reflect.list(response, "output")) {
        Object fn = Reflect.call(item, "functionCall");
        if (fn != null) {
          toolCalls = true;
          String id = Reflect.text(fn, "callId");
          ToolCallLinks.remember(id, call.spanContext());
          if (out != null) {
            out.toolCall(id, Reflect.text(fn, "name"), Reflect.text(fn, "arguments"));
          }
        }
        Object message = Reflect.call(item, "message");
        if (message != null && out != null) {
          for (Object content : Reflect.list(message, "content")) {
            out.text(Reflect.text(Reflect.call(content, "outputText"), "text"));
          }
        }
      }
      // the Responses API has a status, not a finish reason: completed calls map to the chat terms
      String reason = "completed".equals(status) ? (toolCalls ? "tool_calls" : "stop") : status;
      call.addFinishReason(reason);
      if (out != null) {
        call.outputMessages = out.end(reason).build();
      }
    }

    @Override
    public void readChunk(LlmCall call, Object event) {
      // the last event of a stream carries the whole response: usage, output and status
      for (String terminal : new String[] {"completed", "incomplete", "failed"}) {
        Object e = Reflect.call(event, terminal);
        if (e != null) {
          readResponse(call, Reflect.call(e, "response"));
          return;
        }
      }
      if (call.responseId == null) {
        Object created = Reflect.call(event, "created");
        if (created != null) {
          Object response = Reflect.call(created, "response");
          call.responseId = Reflect.text(response, "id");
          call.responseModel = responsesModel(Reflect.call(response, "model"));
        }
      }
    }
  }

  /** The text of a message's content: a plain string or text parts joined. */
  static String textOf(Object content) {
    if (content == null) {
      return null;
    }
    if (content instanceof CharSequence) {
      return content.toString();
    }
    Object text = Reflect.call(content, "text");
    if (text instanceof CharSequence) {
      return text.toString();
    }
    if (text != null) {
      return textOf(text);
    }
    List<?> parts = Reflect.list(content, "arrayOfContentParts");
    if (parts.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (Object part : parts) {
      String t = textOf(part);
      if (t != null) {
        b.append(t);
      }
    }
    return b.toString();
  }
}
