package com.acme.app.llm;

/** A language-model client, as an agent app would have one. */
public interface LlmClient {
  Response complete(Request request);
}
