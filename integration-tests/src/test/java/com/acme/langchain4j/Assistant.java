package com.acme.langchain4j;

/** The AI service: LangChain4j implements it with a proxy. */
public interface Assistant {

  String answer(String question);
}
