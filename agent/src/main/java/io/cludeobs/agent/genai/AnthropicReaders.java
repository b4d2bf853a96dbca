package io.cludeobs.agent.genai;

import java.util.List;
import java.util.Map;

/**
 * anthropic-java 3.x, read by accessor name: the Messages API ({@code MessageCreateParams}, {@code
 * Message}, {@code RawMessageStreamEvent}).
 *
 * <p>Anthropic's {@code input_tokens} leaves out the tokens read from and written to the prompt
 * cache. The conventions' {@code gen_ai.usage.input_tokens} counts every input token, so it is
 * reported as {@code input_tokens + cache_read_input_tokens + cache_creation_input_tokens}; the two
 * cache counts go on their own attributes too. {@link Pricing} then prices the cache reads at the
 * cached-input rate and the rest, cache writes included, at the input rate.
 */
final class AnthropicReaders {

  static final String BLOCKING_STREAM = "com.anthropic.core.http.StreamResponse";
  static final String ASYNC_STREAM = "com.anthropic.core.http.AsyncStreamResponse";

  /** Deeper tool inputs than this are cut: a guard against cyclic or hostile objects. */
  private static final int MAX_JSON_DEPTH = 32;

  private AnthropicReaders() {}

  /** The Messages API: {@code messages().create(...)} and {@code createStreaming(...)}. */
  static final class Messages implements LibraryReader {

    @Override
    public String provider() {
      return "anthropic";
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
      OpenAiReaders.readServer(call, client);
      call.requestModel = Reflect.text(params, "model");
      call.temperature = decimal(params, "temperature", "temperature");
      call.topP = decimal(params, "topP", "top_p");
      call.maxTokens = Reflect.number(params, "maxTokens");
      if (call.capture) {
        ContentCapture capture = ContentCapture.installed();
        String system = textOf(Reflect.call(params, "system"));
        if (system != null) {
          call.systemInstructions = MessagesJson.instructions(capture, system);
        }
        call.inputMessages = inputMessages(capture, Reflect.list(params, "messages"));
      }
    }

    private static String inputMessages(ContentCapture capture, List<?> messages) {
      MessagesJson json = new MessagesJson(capture);
      for (Object m : messages) {
        String role = Reflect.text(m, "role");
        if (role == null) {
          continue;
        }
        json.message(role);
        Object content = Reflect.call(m, "content");
        String plain = Reflect.text(content, "string");
        if (plain != null) {
          json.text(plain);
        }
        for (Object block : blocks(content)) {
          Object text = Reflect.call(block, "text");
          if (text != null) {
            json.text(Reflect.text(text, "text"));
            continue;
          }
          Object toolUse = Reflect.call(block, "toolUse");
          if (toolUse != null) {
            // input() fails on a block made by Message.toParam(), which keeps the raw JSON in _input()
            Object input = Reflect.call(toolUse, "input");
            json.toolCall(
                Reflect.text(toolUse, "id"),
                Reflect.text(toolUse, "name"),
                json(input != null ? input : Reflect.call(toolUse, "_input")));
            continue;
          }
          Object toolResult = Reflect.call(block, "toolResult");
          if (toolResult != null) {
            json.toolResponse(Reflect.text(toolResult, "toolUseId"), textOf(Reflect.call(toolResult, "content")));
          }
        }
        json.end(null);
      }
      return json.build();
    }

    /**
     * A sampling parameter: its accessor where the version has one, else the extra body property of
     * that wire name (3.13 has no temperature or top_p accessors; apps send them as extra properties).
     */
    private static Double decimal(Object params, String accessor, String wireName) {
      Double value = Reflect.decimal(params, accessor);
      if (value != null) {
        return value;
      }
      Object extra = Reflect.call(params, "_additionalBodyProperties");
      if (!(extra instanceof Map)) {
        return null;
      }
      Object json = ((Map<?, ?>) extra).get(wireName);
      Object number = json instanceof Number ? json : Reflect.call(json, "value");
      return number instanceof Number ? ((Number) number).doubleValue() : null;
    }

    /** A message's content blocks: {@code contentBlockParams()} in 3.x, {@code blockParams()} before. */
    private static List<?> blocks(Object content) {
      List<?> blocks = Reflect.list(content, "contentBlockParams");
      return blocks.isEmpty() ? Reflect.list(content, "blockParams") : blocks;
    }

    @Override
    public void readResponse(LlmCall call, Object message) {
      readMessageHead(call, message);
      call.addFinishReason(Reflect.text(message, "stopReason"));
      MessagesJson out = call.capture ? new MessagesJson(ContentCapture.installed()).message("assistant") : null;
      for (Object block : Reflect.list(message, "content")) {
        Object toolUse = Reflect.call(block, "toolUse");
        if (toolUse != null) {
          String id = Reflect.text(toolUse, "id");
          ToolCallLinks.remember(id, call.spanContext());
          if (out != null) {
            out.toolCall(id, Reflect.text(toolUse, "name"), json(Reflect.call(toolUse, "_input")));
          }
          continue;
        }
        Object text = Reflect.call(block, "text");
        if (text != null && out != null) {
          out.text(Reflect.text(text, "text"));
        }
      }
      if (out != null) {
        call.outputMessages = out.end(Reflect.text(message, "stopReason")).build();
      }
    }

    /** Id, model and usage: all a {@code message_start} event's message holds before the content. */
    private static void readMessageHead(LlmCall call, Object message) {
      String id = Reflect.text(message, "id");
      if (id != null) {
        call.responseId = id;
      }
      String model = Reflect.text(message, "model");
      if (model != null && !model.isEmpty()) {
        call.responseModel = model;
      }
      readUsage(call, Reflect.call(message, "usage"));
    }

    /**
     * Applies a usage block; a count it leaves out keeps its earlier value, because {@code
     * message_delta} repeats only what changed (always the output count, which is cumulative).
     */
    static void readUsage(LlmCall call, Object usage) {
      if (usage == null) {
        return;
      }
      long uncached =
          call.inputTokens < 0
              ? -1
              : call.inputTokens - Math.max(0, call.cacheReadTokens) - Math.max(0, call.cacheCreationTokens);
      long input = Reflect.number(usage, "inputTokens");
      if (input >= 0) {
        uncached = input;
      }
      long cacheRead = Reflect.number(usage, "cacheReadInputTokens");
      if (cacheRead >= 0) {
        call.cacheReadTokens = cacheRead;
      }
      long cacheCreation = Reflect.number(usage, "cacheCreationInputTokens");
      if (cacheCreation >= 0) {
        call.cacheCreationTokens = cacheCreation;
      }
      if (uncached >= 0) {
        call.inputTokens = uncached + Math.max(0, call.cacheReadTokens) + Math.max(0, call.cacheCreationTokens);
      }
      long output = Reflect.number(usage, "outputTokens");
      if (output >= 0) {
        call.outputTokens = output;
      }
    }

    @Override
    public void readChunk(LlmCall call, Object event) {
      Object start = Reflect.call(event, "messageStart");
      if (start != null) {
        readMessageHead(call, Reflect.call(start, "message"));
        return;
      }
      Object blockStart = Reflect.call(event, "contentBlockStart");
      if (blockStart != null) {
        Object toolUse = Reflect.call(Reflect.call(blockStart, "contentBlock"), "toolUse");
        if (toolUse != null) {
          LlmCall.StreamedToolCall t = streamedToolCall(call, blockStart);
          t.id = Reflect.text(toolUse, "id");
          t.name = Reflect.text(toolUse, "name");
          ToolCallLinks.remember(t.id, call.spanContext());
        }
        return;
      }
      Object blockDelta = Reflect.call(event, "contentBlockDelta");
      if (blockDelta != null) {
        if (call.capture) {
          Object delta = Reflect.call(blockDelta, "delta");
          String text = Reflect.text(Reflect.call(delta, "text"), "text");
          if (text != null) {
            if (call.streamedText == null) {
              call.streamedText = new StringBuilder();
            }
            call.streamedText.append(text);
          }
          String partialJson = Reflect.text(Reflect.call(delta, "inputJson"), "partialJson");
          if (partialJson != null) {
            streamedToolCall(call, blockDelta).arguments.append(partialJson);
          }
        }
        return;
      }
      Object messageDelta = Reflect.call(event, "messageDelta");
      if (messageDelta != null) {
        call.addFinishReason(Reflect.text(Reflect.call(messageDelta, "delta"), "stopReason"));
        readUsage(call, Reflect.call(messageDelta, "usage"));
      }
    }

    private static LlmCall.StreamedToolCall streamedToolCall(LlmCall call, Object indexed) {
      long index = Reflect.number(indexed, "index");
      Integer key = Integer.valueOf(index < 0 ? 0 : (int) index);
      Map<Integer, LlmCall.StreamedToolCall> calls = call.streamedToolCalls;
      LlmCall.StreamedToolCall t = calls.get(key);
      if (t == null) {
        t = new LlmCall.StreamedToolCall();
        calls.put(key, t);
      }
      return t;
    }
  }

  /**
   * The text of a system prompt or tool result: a plain string ({@code string()}) or text blocks
   * ({@code textBlockParams()}/{@code blocks()}, each a text block or a union holding one), joined
   * by newlines. Null when there is no text.
   */
  static String textOf(Object content) {
    if (content == null) {
      return null;
    }
    if (content instanceof CharSequence) {
      return content.toString();
    }
    String plain = Reflect.text(content, "string");
    if (plain != null) {
      return plain;
    }
    List<?> blocks = Reflect.list(content, "textBlockParams");
    if (blocks.isEmpty()) {
      blocks = Reflect.list(content, "blocks");
    }
    StringBuilder b = null;
    for (Object block : blocks) {
      Object text = Reflect.call(block, "text");
      String t = text instanceof CharSequence ? text.toString() : Reflect.text(text, "text");
      if (t != null) {
        if (b == null) {
          b = new StringBuilder();
        } else {
          b.append('\n');
        }
        b.append(t);
      }
    }
    return b == null ? null : b.toString();
  }

  /**
   * A tool input as JSON text. The library holds it as its own JSON tree ({@code JsonObject} with
   * {@code values()}, {@code JsonString} with {@code value()}…) or, in request blocks, as an object
   * with {@code _additionalProperties()}; their {@code toString()} is not JSON.
   */
  static String json(Object value) {
    if (value == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    writeJson(out, value, 0);
    return out.toString();
  }

  private static void writeJson(StringBuilder out, Object value, int depth) {
    if (depth > MAX_JSON_DEPTH) {
      out.append("null");
      return;
    }
    Object v = value;
    if (!(v instanceof Map || v instanceof List || v instanceof CharSequence || v instanceof Number
        || v instanceof Boolean || v == null)) {
      // a wrapper: a JSON tree node, a known field value (value() holding an Input) or an Input itself
      Object inner = Reflect.call(v, "_additionalProperties");
      if (inner == null) {
        inner = Reflect.call(v, "values");
      }
      if (inner == null) {
        inner = Reflect.call(v, "value");
      }
      if (inner == null) {
        out.append("null");
      } else {
        writeJson(out, inner, depth + 1);
      }
      return;
    }
    if (v instanceof Map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        JsonText.string(out, String.valueOf(e.getKey()));
        out.append(':');
        writeJson(out, e.getValue(), depth + 1);
      }
      out.append('}');
    } else if (v instanceof List) {
      out.append('[');
      boolean first = true;
      for (Object item : (List<?>) v) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeJson(out, item, depth + 1);
      }
      out.append(']');
    } else if (v instanceof CharSequence) {
      JsonText.string(out, v.toString());
    } else if (v instanceof Number || v instanceof Boolean) {
      out.append(v);
    } else {
      out.append("null");
    }
  }
}
