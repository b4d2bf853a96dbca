package com.acme.app.llm;

/** A chat request. */
public final class Request {
  private final String prompt;
  private final int turn;

  public Request(String prompt, int turn) {
    this.prompt = prompt;
    this.turn = turn;
  }

  public String prompt() {
    return prompt;
  }

  public int turn() {
    return turn;
  }
}
