/**
 * LangChain4j 1.x: the OpenAI and Anthropic chat models (blocking and streaming), the OpenAI
 * embedding model, the AI service proxy and its tool executor, woven so that each call hands its
 * objects to {@link io.cludeobs.bootstrap.genai.GenAi} and {@link
 * io.cludeobs.bootstrap.genai.LangChain4jCalls}. Matched by exact class name and method shape, so
 * versions whose classes look different are left alone.
 */
package io.cludeobs.instrumentation.langchain4j;
