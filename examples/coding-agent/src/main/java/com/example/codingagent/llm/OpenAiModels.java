package com.example.codingagent.llm;

import com.openai.client.okhttp.OpenAIOkHttpClient;

/** Builds the real model of the demo from the usual OpenAI settings. */
public final class OpenAiModels {

  /** Used when {@code OPENAI_MODEL} is not set. */
  public static final String DEFAULT_MODEL = "gpt-4o-mini";

  private OpenAiModels() {}

  /**
   * An openai-java client for {@code baseUrl}; local model servers usually need no key, so a
   * missing one is sent as a placeholder.
   */
  public static LlmClient create(String baseUrl, String apiKey) {
    return new OpenAiModel(
        OpenAIOkHttpClient.builder()
            .baseUrl(baseUrl)
            .apiKey(apiKey == null || apiKey.isBlank() ? "not-needed" : apiKey)
            .build());
  }
}
