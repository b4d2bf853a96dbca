/** A LangChain4j sample app: an AI service with two tools, a streamed chat, embeddings and Claude. */
package com.acme.langchain4j;
