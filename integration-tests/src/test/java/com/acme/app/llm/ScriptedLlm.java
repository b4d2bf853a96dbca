package com.acme.app.llm;

/** A deterministic local model: turn 1 uses 10 input / 5 output tokens, turn 2 uses 20 / 7. */
public final class ScriptedLlm implements LlmClient {
  private final String model;

  public ScriptedLlm(String model) {
    this.model = model;
  }

  public String getModel() {
    return model;
  }

  @Override
  public Response complete(Request request) {
    Usage usage = request.turn() == 1 ? new Usage(10, 5) : new Usage(20, 7);
    return new Response("answer-" + request.turn(), model + "-2025", usage);
  }
}
