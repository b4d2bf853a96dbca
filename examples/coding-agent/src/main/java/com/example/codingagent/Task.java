package com.example.codingagent;

import java.util.Objects;

/** A job for the agent: a short id for logs and the instruction the model receives. */
public final class Task {
  private final String id;
  private final String prompt;

  public Task(String id, String prompt) {
    this.id = Objects.requireNonNull(id, "id");
    this.prompt = Objects.requireNonNull(prompt, "prompt");
  }

  public String id() {
    return id;
  }

  public String prompt() {
    return prompt;
  }

  @Override
  public String toString() {
    return id + ": " + prompt;
  }
}
