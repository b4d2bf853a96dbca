package com.acme.openai;

import com.openai.client.OpenAIClient;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One agent turn over every openai-java call shape the instrumentation covers. */
public final class OpenAiAgent {

  /** Secrets of every kind the redaction must catch, plus one the user's own pattern catches. */
  static final String PROMPT =
      "Summarise README.md. key sk-proj-abcdefghijklmnopqrstuvwx aws AKIAABCDEFGHIJKLMNOP"
          + " header Authorization: Bearer abcdef1234567890 db postgres://admin:hunter2secret@db.local/app"
          + " employee EMP-123456";
  static final String SYSTEM =
      "You are a careful agent.\n-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX\n"
          + "-----END RSA PRIVATE KEY-----";

  private final OpenAIClient client;
  private final Tools tools = new Tools();

  public OpenAiAgent(OpenAIClient client) {
    this.client = client;
  }

  /** The task: a tool round trip, then async, streamed, callback-streamed, Responses and unpriced calls. */
  public String run(String mode) throws Exception {
    ChatCompletionCreateParams first =
        ChatCompletionCreateParams.builder()
            .model("gpt-4o-mini")
            .addSystemMessage(SYSTEM)
            .addUserMessage(PROMPT)
            .temperature(0.2)
            .maxCompletionTokens(256L)
            .topP(0.9)
            .build();
    ChatCompletion asked = client.chat().completions().create(first);
    ChatCompletionMessage message = asked.choices().get(0).message();
    ChatCompletionCreateParams.Builder next = first.toBuilder().addMessage(message);
    List<ChatCompletionMessageToolCall> calls = message.toolCalls().orElse(List.of());
    for (ChatCompletionMessageToolCall call : calls) {
      ChatCompletionMessageFunctionToolCall fn = call.asFunction();
      String result = tools.execute(new ToolRequest(fn.function().name(), fn.id(), fn.function().arguments()));
      next.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(fn.id()).content(result).build());
    }
    ChatCompletion answered = client.chat().completions().create(next.build());
    StringBuilder out = new StringBuilder(answered.choices().get(0).message().content().orElse(""));

    CompletableFuture<ChatCompletion> future =
        client.async().chat().completions().create(
            ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("async hello").build());
    out.append(" | ").append(future.get().choices().get(0).message().content().orElse(""));

    ChatCompletionCreateParams streamed =
        ChatCompletionCreateParams.builder()
            .model("gpt-4o-mini")
            .addUserMessage("stream hello")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(streamed)) {
      stream.stream()
          .forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
    }
    out.append(" | ").append(text);

    StringBuilder asyncText = new StringBuilder();
    AsyncStreamResponse<ChatCompletionChunk> asyncStream =
        client.async().chat().completions().createStreaming(streamed.toBuilder().model("gpt-4.1-mini").build());
    asyncStream.subscribe(
        new AsyncStreamResponse.Handler<ChatCompletionChunk>() {
          @Override
          public void onNext(ChatCompletionChunk chunk) {
            chunk.choices().forEach(c -> c.delta().content().ifPresent(asyncText::append));
          }

          @Override
          public void onComplete(Optional<Throwable> error) {
            error.ifPresent(Throwable::printStackTrace);
          }
        });
    asyncStream.onCompleteFuture().get();
    out.append(" | ").append(asyncText);

    Response response =
        client.responses().create(
            ResponseCreateParams.builder()
                .model("gpt-4.1")
                .instructions("Be brief.")
                .input("responses hello")
                .maxOutputTokens(64L)
                .build());
    out.append(" | ").append(response.output().get(0).asMessage().content().get(0).asOutputText().text());

    StringBuilder events = new StringBuilder();
    try (StreamResponse<ResponseStreamEvent> stream =
        client.responses().createStreaming(
            ResponseCreateParams.builder().model("gpt-5").input("stream responses hello").build())) {
      stream.stream().forEach(e -> e.outputTextDelta().ifPresent(d -> events.append(d.delta())));
    }
    out.append(" | ").append(events);

    // read one chunk and close: the call ends as cancelled, not when the server finishes
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(streamed.toBuilder().model("o4-mini").build())) {
      stream.stream().findFirst();
    }

    try {
      client.chat().completions().create(
          ChatCompletionCreateParams.builder().model("broken-model").addUserMessage("fail please").build());
    } catch (RuntimeException expected) {
      out.append(" | failed: ").append(expected.getClass().getSimpleName());
    }

    ChatCompletion local =
        client.chat().completions().create(
            ChatCompletionCreateParams.builder().model("acme-local-llm").addUserMessage("local hello").build());
    out.append(" | ").append(local.choices().get(0).message().content().orElse(""));
    return out.toString();
  }
}
