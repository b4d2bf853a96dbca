package com.example.codingagent.llm;

/** A chat-completion model: given the conversation so far, returns the next assistant turn. */
public interface LlmClient {
  ChatResponse complete(ChatRequest request);
}
