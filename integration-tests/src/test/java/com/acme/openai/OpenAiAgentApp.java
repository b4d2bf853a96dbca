package com.acme.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * {@code OpenAiAgentApp <base url> [go file]}: runs one agent turn against that OpenAI-compatible
 * server. With a go file it first makes one call (so the client's classes are loaded), prints
 * {@code ready} and waits for the file to appear: an agent can be attached meanwhile.
 */
public final class OpenAiAgentApp {

  private OpenAiAgentApp() {}

  public static void main(String[] args) throws Exception {
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0]).apiKey("test-key").maxRetries(0).build();
    try {
      if (args.length > 1) {
        client.chat().completions().create(
            ChatCompletionCreateParams.builder().model("acme-local-llm").addUserMessage("warm up").build());
        System.out.println("ready");
        Path go = Paths.get(args[1]);
        while (!Files.exists(go)) {
          Thread.sleep(20);
        }
      }
      String answer = new OpenAiAgent(client).run("full");
      System.out.println("openai-agent answered: " + answer);
    } finally {
      client.close();
    }
  }
}
