package com.example.codingagent.llm;

import java.util.List;
import java.util.Objects;

/** A request for the next assistant turn: the model name and the whole conversation so far. */
public final class ChatRequest {
  private final String model;
  private final List<Message> messages;

  public ChatRequest(String model, List<Message> messages) {
    this.model = Objects.requireNonNull(model, "model");
    // A snapshot, so later turns appended by the agent do not change a request already sent.
    this.messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
  }

  public String model() {
    return model;
  }

  public List<Message> messages() {
    return messages;
  }

  @Override
  public String toString() {
    return "ChatRequest{model=" + model + ", messages=" + messages.size() + "}";
  }
}
