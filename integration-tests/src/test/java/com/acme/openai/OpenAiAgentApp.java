package com.acme.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

/** {@code OpenAiAgentApp <base url>}: runs one agent turn against that OpenAI-compatible server. */
public final class OpenAiAgentApp {

  private OpenAiAgentApp() {}

  public static void main(String[] args) throws Exception {
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0]).apiKey("test-key").maxRetries(0).build();
    try {
      String answer = new OpenAiAgent(client).run("full");
      System.out.println("openai-agent answered: " + answer);
    } finally {
      client.close();
    }
  }
}
