package com.acme.app.llm;

/** Token usage as LLM APIs report it. */
public final class Usage {
  private final long inputTokens;
  private final long outputTokens;

  Usage(long inputTokens, long outputTokens) {
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
  }

  public long inputTokens() {
    return inputTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }
}
