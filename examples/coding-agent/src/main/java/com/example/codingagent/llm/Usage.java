package com.example.codingagent.llm;

/** Tokens a model call consumed (the prompt) and produced (the completion). */
public final class Usage {
  private final long inputTokens;
  private final long outputTokens;

  public Usage(long inputTokens, long outputTokens) {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must not be negative, got " + inputTokens + " and " + outputTokens);
    }
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
  }

  public long inputTokens() {
    return inputTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }

  @Override
  public String toString() {
    return "Usage{input=" + inputTokens + ", output=" + outputTokens + "}";
  }
}
