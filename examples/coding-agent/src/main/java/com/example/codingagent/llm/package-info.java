/**
 * The chat-model interface the agent talks to, and a scripted local model that needs no network.
 */
package com.example.codingagent.llm;
