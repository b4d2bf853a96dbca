package com.acme.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One agent turn over every anthropic-java call shape the instrumentation covers. */
public final class AnthropicAgent {

  /** Secrets the redaction must catch. */
  static final String PROMPT =
      "Summarise README.md. key sk-ant-api03-abcdefghijklmnopqrstuvwx aws AKIAABCDEFGHIJKLMNOP";
  static final String SYSTEM = "You are a careful agent.";

  private final AnthropicClient client;
  private final Tools tools = new Tools();

  public AnthropicAgent(AnthropicClient client) {
    this.client = client;
  }

  /** The task: a tool_use round trip, then async, streamed, callback-streamed and failing calls. */
  public String run() throws Exception {
    MessageCreateParams first =
        MessageCreateParams.builder()
            .model("claude-sonnet-4-5")
            .maxTokens(256L)
            .system(SYSTEM)
            .addUserMessage(PROMPT)
            // 3.13 has no setters for these: they go as extra body properties
            .putAdditionalBodyProperty("temperature", JsonValue.from(0.2))
            .putAdditionalBodyProperty("top_p", JsonValue.from(0.9))
            .build();
    Message asked = client.messages().create(first);
    MessageCreateParams.Builder next = first.toBuilder().addMessage(asked);
    List<ContentBlockParam> results = new ArrayList<>();
    for (ContentBlock block : asked.content()) {
      if (block.isToolUse()) {
        ToolUseBlock use = block.asToolUse();
        String result = tools.execute(new ToolRequest(use.name(), use.id(), use._input().toString()));
        results.add(ContentBlockParam.ofToolResult(
            ToolResultBlockParam.builder().toolUseId(use.id()).content(result).build()));
      }
    }
    next.addUserMessageOfContentBlockParams(results);
    Message answered = client.messages().create(next.build());
    StringBuilder out = new StringBuilder(text(answered));

    Message async =
        client.async().messages().create(
            MessageCreateParams.builder().model("claude-haiku-4-5").maxTokens(64L).addUserMessage("async hello")
                .build()).get();
    out.append(" | ").append(text(async));

    StringBuilder streamed = new StringBuilder();
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(
            MessageCreateParams.builder().model("claude-opus-4-1").maxTokens(64L).addUserMessage("stream hello")
                .build())) {
      stream.stream().forEach(e -> append(streamed, e));
    }
    out.append(" | ").append(streamed);

    StringBuilder callback = new StringBuilder();
    AsyncStreamResponse<RawMessageStreamEvent> asyncStream =
        client.async().messages().createStreaming(
            MessageCreateParams.builder().model("claude-3-5-haiku").maxTokens(64L).addUserMessage("callback hello")
                .build());
    asyncStream.subscribe(
        new AsyncStreamResponse.Handler<RawMessageStreamEvent>() {
          @Override
          public void onNext(RawMessageStreamEvent event) {
            append(callback, event);
          }

          @Override
          public void onComplete(Optional<Throwable> error) {
            error.ifPresent(Throwable::printStackTrace);
          }
        });
    asyncStream.onCompleteFuture().get();
    out.append(" | ").append(callback);

    try {
      client.messages().create(
          MessageCreateParams.builder().model("broken-model").maxTokens(16L).addUserMessage("fail please").build());
    } catch (RuntimeException expected) {
      out.append(" | failed: ").append(expected.getClass().getSimpleName());
    }
    return out.toString();
  }

  private static String text(Message m) {
    StringBuilder b = new StringBuilder();
    for (ContentBlock block : m.content()) {
      block.text().ifPresent(t -> b.append(t.text()));
    }
    return b.toString();
  }

  private static void append(StringBuilder to, RawMessageStreamEvent e) {
    e.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> to.append(t.text()));
  }
}
