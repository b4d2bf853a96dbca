package io.cludeobs.agent.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The anthropic-java reader on look-alikes of the library's objects (same accessor names and
 * shapes as in 3.13), and on objects of the wrong shape, which must read as unknown.
 */
class AnthropicReadersTest {

  private final AnthropicReaders.Messages reader = new AnthropicReaders.Messages();

  @AfterEach
  void captureOff() {
    ContentCapture.install(ContentCapture.off());
  }

  @Test
  void requestGivesModelParametersAndWithCaptureTheConventionsJson() {
    ContentCapture.install(ContentCapture.on(8192, Collections.emptyList()));
    LlmCall call = new LlmCall(reader, "chat", 0, true);
    Params params =
        new Params(
            new Open("claude-sonnet-4-5"),
            Optional.of(0.5),
            Optional.empty(),
            512,
            Optional.of(new Union("Be careful.", null)),
            Arrays.asList(
                new MessageParam(new Open("user"), new Union("Read README.md", null)),
                new MessageParam(
                    new Open("assistant"),
                    new Union(
                        null,
                        Arrays.asList(
                            Block.text("Let me look."),
                            Block.toolUse(new ToolUse("toolu_1", "read_file", input("path", "README.md"))),
                            // as Message.toParam() makes it: input() fails, _input() holds the JSON tree
                            Block.toolUse(new RawToolUse("toolu_2", "grep", json(input("q", "x"))))))),
                new MessageParam(
                    new Open("user"),
                    new Union(null, Arrays.asList(Block.toolResult(new ToolResult("toolu_1", new Union("hello", null))))))));

    reader.readRequest(call, null, params);

    assertThat(call.requestModel).isEqualTo("claude-sonnet-4-5");
    assertThat(call.temperature).isEqualTo(0.5);
    assertThat(call.topP).isNull();
    assertThat(call.maxTokens).isEqualTo(512);
    assertThat(call.systemInstructions).isEqualTo("[{\"type\":\"text\",\"content\":\"Be careful.\"}]");
    assertThat(call.inputMessages)
        .isEqualTo(
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Read README.md\"}]},"
                + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Let me look.\"},"
                + "{\"type\":\"tool_call\",\"id\":\"toolu_1\",\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\":\\\"README.md\\\"}\"},"
                + "{\"type\":\"tool_call\",\"id\":\"toolu_2\",\"name\":\"grep\",\"arguments\":\"{\\\"q\\\":\\\"x\\\"}\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"toolu_1\",\"response\":\"hello\"}]}]");
  }

  @Test
  void withoutCaptureNoContentIsRead() {
    LlmCall call = new LlmCall(reader, "chat", 0, false);
    reader.readRequest(
        call,
        null,
        new Params(
            new Open("claude-haiku-4-5"), Optional.empty(), Optional.of(0.9), 64,
            Optional.of(new Union("secret system", null)),
            Collections.singletonList(new MessageParam(new Open("user"), new Union("secret prompt", null)))));

    assertThat(call.requestModel).isEqualTo("claude-haiku-4-5");
    assertThat(call.topP).isEqualTo(0.9);
    assertThat(call.systemInstructions).isNull();
    assertThat(call.inputMessages).isNull();
  }

  @Test
  void withoutSamplingAccessorsTheExtraBodyPropertiesAreRead() {
    LlmCall call = new LlmCall(reader, "chat", 0, false);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("temperature", new Val(0.3));
    extra.put("top_p", new Val(0.8f));
    extra.put("top_k", new Val(5));
    reader.readRequest(call, null, new ExtraParams(extra));

    assertThat(call.requestModel).isEqualTo("claude-opus-4-1");
    assertThat(call.temperature).isEqualTo(0.3);
    assertThat(call.topP).isEqualTo((double) 0.8f);

    LlmCall wrong = new LlmCall(reader, "chat", 0, false);
    extra.put("temperature", new Val("hot"));
    extra.remove("top_p");
    reader.readRequest(wrong, null, new ExtraParams(extra));
    assertThat(wrong.temperature).isNull();
    assertThat(wrong.topP).isNull();
  }

  @Test
  void responseCountsCachedTokensInTheInputAndRemembersToolUseIds() {
    ContentCapture.install(ContentCapture.on(8192, Collections.emptyList()));
    LlmCall call = new LlmCall(reader, "chat", 0, true);
    call.span = Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getSampled(), TraceState.getDefault()));
    Message message =
        new Message(
            "msg_1", new Open("claude-sonnet-4-5-20250929"), Optional.of(new Open("tool_use")),
            new Usage(100L, 20L, Optional.of(300L), Optional.of(50L)),
            Arrays.asList(
                ContentBlock.text("Reading."),
                ContentBlock.toolUse(new ToolUseBlock("toolu_resp_1", "read_file", json(input("path", "a.md"))))));

    reader.readResponse(call, message);

    assertThat(call.responseId).isEqualTo("msg_1");
    assertThat(call.responseModel).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(call.finishReasons).containsExactly("tool_use");
    assertThat(call.inputTokens).isEqualTo(450);
    assertThat(call.cacheReadTokens).isEqualTo(300);
    assertThat(call.cacheCreationTokens).isEqualTo(50);
    assertThat(call.outputTokens).isEqualTo(20);
    assertThat(ToolCallLinks.requestedBy("toolu_resp_1")).isEqualTo(call.span.getSpanContext());
    assertThat(call.outputMessages)
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Reading.\"},"
                + "{\"type\":\"tool_call\",\"id\":\"toolu_resp_1\",\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\":\\\"a.md\\\"}\"}]"
                + ",\"finish_reason\":\"tool_use\"}]");
  }

  @Test
  void streamEventsGiveUsageStopReasonTextAndToolCalls() {
    ContentCapture.install(ContentCapture.on(8192, Collections.emptyList()));
    LlmCall call = new LlmCall(reader, "chat", 0, true);
    List<Event> events =
        Arrays.asList(
            Event.start(new Message("msg_s", new Open("claude-haiku-4-5-20251001"), Optional.empty(),
                new Usage(40L, 1L, Optional.of(10L), Optional.empty()), Collections.emptyList())),
            Event.blockStart(0, new StartBlock(null)),
            Event.blockDelta(0, new Delta("Hel", null)),
            Event.blockDelta(0, new Delta("lo", null)),
            Event.blockStart(1, new StartBlock(new ToolUseBlock("toolu_s", "grep", json(new LinkedHashMap<>())))),
            Event.blockDelta(1, new Delta(null, "{\"q\":")),
            Event.blockDelta(1, new Delta(null, "\"x\"}")),
            Event.messageDelta(new Open("tool_use"), new DeltaUsage(Optional.empty(), 17L, Optional.empty())),
            new Event());

    for (Event e : events) {
      reader.readChunk(call, e);
    }

    assertThat(call.responseId).isEqualTo("msg_s");
    assertThat(call.responseModel).isEqualTo("claude-haiku-4-5-20251001");
    assertThat(call.inputTokens).isEqualTo(50);
    assertThat(call.cacheReadTokens).isEqualTo(10);
    assertThat(call.cacheCreationTokens).isEqualTo(-1);
    assertThat(call.outputTokens).isEqualTo(17);
    assertThat(call.finishReasons).containsExactly("tool_use");
    assertThat(call.streamedText.toString()).isEqualTo("Hello");
    assertThat(call.streamedToolCalls).hasSize(1);
    LlmCall.StreamedToolCall tool = call.streamedToolCalls.get(1);
    assertThat(tool.id).isEqualTo("toolu_s");
    assertThat(tool.name).isEqualTo("grep");
    assertThat(tool.arguments.toString()).isEqualTo("{\"q\":\"x\"}");
  }

  @Test
  void aMessageDeltaWithCacheCountsKeepsTheUncachedInputFromTheStart() {
    LlmCall call = new LlmCall(reader, "chat", 0, false);
    reader.readChunk(call, Event.start(new Message("m", new Open("claude-opus-4-1"), Optional.empty(),
        new Usage(7L, 1L, Optional.empty(), Optional.empty()), Collections.emptyList())));
    reader.readChunk(call, Event.messageDelta(new Open("end_turn"),
        new DeltaUsage(Optional.of(7L), 30L, Optional.of(1000L))));

    assertThat(call.inputTokens).isEqualTo(1007);
    assertThat(call.cacheReadTokens).isEqualTo(1000);
    assertThat(call.outputTokens).isEqualTo(30);
    assertThat(call.finishReasons).containsExactly("end_turn");
  }

  @Test
  void objectsOfTheWrongShapeReadAsUnknown() {
    ContentCapture.install(ContentCapture.on(8192, Collections.emptyList()));
    LlmCall call = new LlmCall(reader, "chat", 0, true);
    for (Object wrong : new Object[] {null, new Object(), "text", 42, Collections.singletonMap("model", "x"),
        Arrays.asList(1, 2), Optional.empty()}) {
      reader.readRequest(call, wrong, wrong);
      reader.readResponse(call, wrong);
      reader.readChunk(call, wrong);
    }
    // accessors of the right name returning the wrong types
    reader.readRequest(call, "client", new WrongParams());
    reader.readResponse(call, new WrongParams());
    reader.readChunk(call, new WrongParams());

    assertThat(call.requestModel).isNull();
    assertThat(call.temperature).isNull();
    assertThat(call.maxTokens).isEqualTo(-1);
    assertThat(call.serverAddress).isNull();
    assertThat(call.responseId).isNull();
    assertThat(call.responseModel).isNull();
    assertThat(call.finishReasons).isEmpty();
    assertThat(call.inputTokens).isEqualTo(-1);
    assertThat(call.outputTokens).isEqualTo(-1);
    assertThat(call.streamedToolCalls).isEmpty();
    assertThat(call.systemInstructions).isNull();
    assertThat(call.inputMessages).isEqualTo("[]");
    assertThat(call.outputMessages).isEqualTo("[{\"role\":\"assistant\",\"parts\":[]}]");
  }

  @Test
  void toolInputsBecomeJsonWhateverTheirValueTypes() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("s", new Val("a\"b"));
    values.put("n", new Val(3));
    values.put("b", new Val(true));
    values.put("nil", new Object());
    values.put("list", new Vals(Arrays.asList(new Val(1.5), new Val("x"))));
    assertThat(AnthropicReaders.json(new Vals(values)))
        .isEqualTo("{\"s\":\"a\\\"b\",\"n\":3,\"b\":true,\"nil\":null,\"list\":[1.5,\"x\"]}");
    assertThat(AnthropicReaders.json(null)).isNull();
    // a known field value wrapping an Input, as a builder-made block's _input() returns it
    assertThat(AnthropicReaders.json(new Val(input("k", "v")))).isEqualTo("{\"k\":\"v\"}");
    assertThat(AnthropicReaders.textOf(new Union(null, null))).isNull();
  }

  private static Input input(String key, String value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, new Val(value));
    return new Input(m);
  }

  private static Vals json(Input input) {
    return new Vals(input.props);
  }

  private static Vals json(Map<String, Object> values) {
    return new Vals(values);
  }

  // Look-alikes of anthropic-java's classes: public, with the library's accessor names.

  /** An open enum such as {@code Model}, {@code StopReason}, {@code MessageParam.Role}. */
  public static final class Open {
    private final String value;

    Open(String value) {
      this.value = value;
    }

    public String asString() {
      return value;
    }
  }

  /** {@code JsonString}/{@code JsonNumber}/{@code JsonBoolean}. */
  public static final class Val {
    private final Object value;

    Val(Object value) {
      this.value = value;
    }

    public Object value() {
      return value;
    }
  }

  /** {@code JsonObject}/{@code JsonArray}. */
  public static final class Vals {
    private final Object values;

    Vals(Object values) {
      this.values = values;
    }

    public Object values() {
      return values;
    }
  }

  /** {@code ToolUseBlockParam.Input}. */
  public static final class Input {
    final Map<String, Object> props;

    Input(Map<String, Object> props) {
      this.props = props;
    }

    public Map<String, Object> _additionalProperties() {
      return props;
    }
  }

  /** A string-or-blocks union: {@code MessageContentParam}, {@code System}, tool result content. */
  public static final class Union {
    private final String string;
    private final List<Object> blocks;

    Union(String string, List<Object> blocks) {
      this.string = string;
      this.blocks = blocks;
    }

    public Optional<String> string() {
      return Optional.ofNullable(string);
    }

    public Optional<List<Object>> contentBlockParams() {
      return Optional.ofNullable(blocks);
    }
  }

  public static final class Params {
    private final Open model;
    private final Optional<Double> temperature;
    private final Optional<Double> topP;
    private final long maxTokens;
    private final Optional<Union> system;
    private final List<MessageParam> messages;

    Params(Open model, Optional<Double> temperature, Optional<Double> topP, long maxTokens, Optional<Union> system,
        List<MessageParam> messages) {
      this.model = model;
      this.temperature = temperature;
      this.topP = topP;
      this.maxTokens = maxTokens;
      this.system = system;
      this.messages = messages;
    }

    public Open model() {
      return model;
    }

    public Optional<Double> temperature() {
      return temperature;
    }

    public Optional<Double> topP() {
      return topP;
    }

    public long maxTokens() {
      return maxTokens;
    }

    public Optional<Union> system() {
      return system;
    }

    public List<MessageParam> messages() {
      return messages;
    }
  }

  /** 3.13's {@code MessageCreateParams}: no temperature or top_p accessors, extra body properties instead. */
  public static final class ExtraParams {
    private final Map<String, Object> extra;

    ExtraParams(Map<String, Object> extra) {
      this.extra = extra;
    }

    public Open model() {
      return new Open("claude-opus-4-1");
    }

    public Map<String, Object> _additionalBodyProperties() {
      return extra;
    }
  }

  public static final class MessageParam {
    private final Open role;
    private final Union content;

    MessageParam(Open role, Union content) {
      this.role = role;
      this.content = content;
    }

    public Open role() {
      return role;
    }

    public Union content() {
      return content;
    }
  }

  public static final class TextPart {
    private final String text;

    TextPart(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  public static final class ToolUse {
    private final String id;
    private final String name;
    private final Input input;

    ToolUse(String id, String name, Input input) {
      this.id = id;
      this.name = name;
      this.input = input;
    }

    public String id() {
      return id;
    }

    public String name() {
      return name;
    }

    public Input input() {
      return input;
    }
  }

  /** A {@code ToolUseBlockParam} whose {@code input()} accessor fails. */
  public static final class RawToolUse {
    private final String id;
    private final String name;
    private final Vals raw;

    RawToolUse(String id, String name, Vals raw) {
      this.id = id;
      this.name = name;
      this.raw = raw;
    }

    public String id() {
      return id;
    }

    public String name() {
      return name;
    }

    public Input input() {
      throw new IllegalStateException("`input` is invalid, received {q=x}");
    }

    public Vals _input() {
      return raw;
    }
  }

  public static final class ToolResult {
    private final String toolUseId;
    private final Union content;

    ToolResult(String toolUseId, Union content) {
      this.toolUseId = toolUseId;
      this.content = content;
    }

    public String toolUseId() {
      return toolUseId;
    }

    public Optional<Union> content() {
      return Optional.ofNullable(content);
    }
  }

  /** {@code ContentBlockParam}: one of its variants is present. */
  public static final class Block {
    private TextPart text;
    private Object toolUse;
    private ToolResult toolResult;

    static Block text(String t) {
      Block b = new Block();
      b.text = new TextPart(t);
      return b;
    }

    static Block toolUse(Object t) {
      Block b = new Block();
      b.toolUse = t;
      return b;
    }

    static Block toolResult(ToolResult t) {
      Block b = new Block();
      b.toolResult = t;
      return b;
    }

    public Optional<TextPart> text() {
      return Optional.ofNullable(text);
    }

    public Optional<Object> toolUse() {
      return Optional.ofNullable(toolUse);
    }

    public Optional<ToolResult> toolResult() {
      return Optional.ofNullable(toolResult);
    }
  }

  public static final class Usage {
    private final Long input;
    private final Long output;
    private final Optional<Long> cacheRead;
    private final Optional<Long> cacheCreation;

    Usage(Long input, Long output, Optional<Long> cacheRead, Optional<Long> cacheCreation) {
      this.input = input;
      this.output = output;
      this.cacheRead = cacheRead;
      this.cacheCreation = cacheCreation;
    }

    public long inputTokens() {
      return input;
    }

    public long outputTokens() {
      return output;
    }

    public Optional<Long> cacheReadInputTokens() {
      return cacheRead;
    }

    public Optional<Long> cacheCreationInputTokens() {
      return cacheCreation;
    }
  }

  /** {@code MessageDeltaUsage}: input and cache counts optional, output always there. */
  public static final class DeltaUsage {
    private final Optional<Long> input;
    private final long output;
    private final Optional<Long> cacheRead;

    DeltaUsage(Optional<Long> input, long output, Optional<Long> cacheRead) {
      this.input = input;
      this.output = output;
      this.cacheRead = cacheRead;
    }

    public Optional<Long> inputTokens() {
      return input;
    }

    public long outputTokens() {
      return output;
    }

    public Optional<Long> cacheReadInputTokens() {
      return cacheRead;
    }
  }

  public static final class ToolUseBlock {
    private final String id;
    private final String name;
    private final Vals input;

    ToolUseBlock(String id, String name, Vals input) {
      this.id = id;
      this.name = name;
      this.input = input;
    }

    public String id() {
      return id;
    }

    public String name() {
      return name;
    }

    public Vals _input() {
      return input;
    }
  }

  public static final class ContentBlock {
    private TextPart text;
    private ToolUseBlock toolUse;

    static ContentBlock text(String t) {
      ContentBlock b = new ContentBlock();
      b.text = new TextPart(t);
      return b;
    }

    static ContentBlock toolUse(ToolUseBlock t) {
      ContentBlock b = new ContentBlock();
      b.toolUse = t;
      return b;
    }

    public Optional<TextPart> text() {
      return Optional.ofNullable(text);
    }

    public Optional<ToolUseBlock> toolUse() {
      return Optional.ofNullable(toolUse);
    }
  }

  public static final class Message {
    private final String id;
    private final Open model;
    private final Optional<Open> stopReason;
    private final Usage usage;
    private final List<ContentBlock> content;

    Message(String id, Open model, Optional<Open> stopReason, Usage usage, List<ContentBlock> content) {
      this.id = id;
      this.model = model;
      this.stopReason = stopReason;
      this.usage = usage;
      this.content = content;
    }

    public String id() {
      return id;
    }

    public Open model() {
      return model;
    }

    public Optional<Open> stopReason() {
      return stopReason;
    }

    public Usage usage() {
      return usage;
    }

    public List<ContentBlock> content() {
      return content;
    }
  }

  /** {@code RawContentBlockStartEvent.ContentBlock}: a text block (no tool use) or a tool use. */
  public static final class StartBlock {
    private final ToolUseBlock toolUse;

    StartBlock(ToolUseBlock toolUse) {
      this.toolUse = toolUse;
    }

    public Optional<ToolUseBlock> toolUse() {
      return Optional.ofNullable(toolUse);
    }
  }

  /** {@code RawContentBlockDelta}: a text delta or an input JSON delta. */
  public static final class Delta {
    private final TextPart text;
    private final PartialJson inputJson;

    Delta(String text, String partialJson) {
      this.text = text == null ? null : new TextPart(text);
      this.inputJson = partialJson == null ? null : new PartialJson(partialJson);
    }

    public Optional<TextPart> text() {
      return Optional.ofNullable(text);
    }

    public Optional<PartialJson> inputJson() {
      return Optional.ofNullable(inputJson);
    }
  }

  public static final class PartialJson {
    private final String json;

    PartialJson(String json) {
      this.json = json;
    }

    public String partialJson() {
      return json;
    }
  }

  public static final class Indexed {
    private final long index;
    private final Object payload;

    Indexed(long index, Object payload) {
      this.index = index;
      this.payload = payload;
    }

    public long index() {
      return index;
    }

    public Object contentBlock() {
      return payload;
    }

    public Object delta() {
      return payload;
    }
  }

  public static final class StopDelta {
    private final Open stopReason;

    StopDelta(Open stopReason) {
      this.stopReason = stopReason;
    }

    public Optional<Open> stopReason() {
      return Optional.of(stopReason);
    }
  }

  public static final class MessageDelta {
    private final StopDelta delta;
    private final DeltaUsage usage;

    MessageDelta(StopDelta delta, DeltaUsage usage) {
      this.delta = delta;
      this.usage = usage;
    }

    public StopDelta delta() {
      return delta;
    }

    public DeltaUsage usage() {
      return usage;
    }
  }

  public static final class MessageStart {
    private final Message message;

    MessageStart(Message message) {
      this.message = message;
    }

    public Message message() {
      return message;
    }
  }

  /** {@code RawMessageStreamEvent}: one variant present; none for {@code message_stop}. */
  public static final class Event {
    private MessageStart start;
    private Indexed blockStart;
    private Indexed blockDelta;
    private MessageDelta messageDelta;

    static Event start(Message m) {
      Event e = new Event();
      e.start = new MessageStart(m);
      return e;
    }

    static Event blockStart(long index, StartBlock block) {
      Event e = new Event();
      e.blockStart = new Indexed(index, block);
      return e;
    }

    static Event blockDelta(long index, Delta delta) {
      Event e = new Event();
      e.blockDelta = new Indexed(index, delta);
      return e;
    }

    static Event messageDelta(Open stopReason, DeltaUsage usage) {
      Event e = new Event();
      e.messageDelta = new MessageDelta(new StopDelta(stopReason), usage);
      return e;
    }

    public Optional<MessageStart> messageStart() {
      return Optional.ofNullable(start);
    }

    public Optional<Indexed> contentBlockStart() {
      return Optional.ofNullable(blockStart);
    }

    public Optional<Indexed> contentBlockDelta() {
      return Optional.ofNullable(blockDelta);
    }

    public Optional<MessageDelta> messageDelta() {
      return Optional.ofNullable(messageDelta);
    }
  }

  /** Right accessor names, wrong types everywhere. */
  public static final class WrongParams {
    public Object model() {
      return null;
    }

    public String temperature() {
      return "hot";
    }

    public String maxTokens() {
      return "many";
    }

    public String messages() {
      return "not a list";
    }

    public Integer usage() {
      return 5;
    }

    public String content() {
      return "not blocks";
    }

    public String messageStart() {
      return "no message";
    }

    public Integer contentBlockStart() {
      return 1;
    }

    public Object messageDelta() {
      return new Object();
    }

    public List<String> system() {
      return Arrays.asList("a", "b");
    }
  }
}
