package com.acme.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;

/** {@code AnthropicAgentApp <base url>}: runs one agent turn against that Anthropic Messages server. */
public final class AnthropicAgentApp {

  private AnthropicAgentApp() {}

  public static void main(String[] args) throws Exception {
    AnthropicClient client =
        AnthropicOkHttpClient.builder().baseUrl(args[0]).apiKey("test-key").maxRetries(0).build();
    try {
      System.out.println("anthropic-agent answered: " + new AnthropicAgent(client).run());
    } finally {
      client.close();
    }
  }
}
