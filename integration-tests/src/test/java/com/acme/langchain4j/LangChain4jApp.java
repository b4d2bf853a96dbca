package com.acme.langchain4j;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code LangChain4jApp <openai base url> <anthropic base url>}: one AI service turn with two tool
 * calls, a streamed chat, an embeddings call and one Claude chat, all against local servers.
 */
public final class LangChain4jApp {

  private LangChain4jApp() {}

  public static void main(String[] args) throws Exception {
    ChatModel openAi =
        OpenAiChatModel.builder()
            .baseUrl(args[0])
            .apiKey("test-key")
            .modelName("gpt-4o-mini")
            .temperature(0.2)
            .topP(0.9)
            .maxTokens(256)
            .maxRetries(0)
            .build();
    Assistant assistant = AiServices.builder(Assistant.class).chatModel(openAi).tools(new WeatherTools()).build();
    String answer = assistant.answer("Weather and time in Oslo? My key is sk-proj-abcdefghijklmnop1234");

    OpenAiStreamingChatModel streaming =
        OpenAiStreamingChatModel.builder().baseUrl(args[0]).apiKey("test-key").modelName("gpt-4o-mini").build();
    CompletableFuture<String> streamed = new CompletableFuture<>();
    StringBuilder parts = new StringBuilder();
    streaming.chat(
        "stream hello",
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            parts.append(partial).append('|');
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            streamed.complete(parts + response.aiMessage().text());
          }

          @Override
          public void onError(Throwable error) {
            streamed.completeExceptionally(error);
          }
        });
    String stream = streamed.get(30, TimeUnit.SECONDS);

    OpenAiEmbeddingModel embeddings =
        OpenAiEmbeddingModel.builder()
            .baseUrl(args[0])
            .apiKey("test-key")
            .modelName("text-embedding-3-small")
            .maxRetries(0)
            .build();
    int vectors =
        embeddings.embedAll(List.of(TextSegment.from("embed alpha"), TextSegment.from("embed beta"))).content().size();

    ChatModel claude =
        AnthropicChatModel.builder()
            .baseUrl(args[1])
            .apiKey("test-key")
            .modelName("claude-sonnet-4-5")
            .maxTokens(100)
            .maxRetries(0)
            .build();
    String claudeAnswer = claude.chat(UserMessage.from("claude hello")).aiMessage().text();

    System.out.println("langchain4j answered: " + answer + " | " + stream + " | " + vectors + " | " + claudeAnswer);
  }
}
