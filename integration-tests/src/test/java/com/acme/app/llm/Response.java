package com.acme.app.llm;

/** A chat response with the model that answered and the tokens it used. */
public final class Response {
  private final String text;
  private final String model;
  private final Usage usage;

  Response(String text, String model, Usage usage) {
    this.text = text;
    this.model = model;
    this.usage = usage;
  }

  public String text() {
    return text;
  }

  public String model() {
    return model;
  }

  public Usage usage() {
    return usage;
  }
}
