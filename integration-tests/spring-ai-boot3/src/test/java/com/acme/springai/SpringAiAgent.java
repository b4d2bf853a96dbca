package com.acme.springai;

import java.util.List;
import java.util.stream.Collectors;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * One agent turn through every call shape: a ChatClient call whose model asks for a tool, a
 * ChatClient stream, a stream the app stops after its first chunk, and a request the server rejects.
 */
public class SpringAiAgent {

  private final ChatClient client;
  private final ChatModel model;

  public SpringAiAgent(ChatClient client, ChatModel model) {
    this.client = client;
    this.model = model;
  }

  public String run() {
    String weather =
        client.prompt()
            .system("You are a weather agent.")
            .user("What is the weather in Paris? key sk-proj-abcdefghijklmnop1234")
            .tools(new WeatherTools())
            .call()
            .content();
    List<String> chunks =
        client.prompt()
            .user("stream hello")
            .options(OpenAiChatOptions.builder().model("gpt-4.1-mini").streamUsage(true).build())
            .stream()
            .content()
            .collectList()
            .block();
    String first =
        client.prompt()
            .user("stream and stop")
            .options(OpenAiChatOptions.builder().model("o4-mini").streamUsage(true).build())
            .stream()
            .content()
            .take(1)
            .blockFirst();
    String failed;
    try {
      model.call(new Prompt("broken hello", OpenAiChatOptions.builder().model("broken-model").build()));
      failed = "no error";
    } catch (RuntimeException e) {
      failed = "failed: " + e.getClass().getSimpleName();
    }
    return weather + " | " + String.join("", chunks) + " | " + first + " | " + failed;
  }
}
