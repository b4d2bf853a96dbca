package com.example.codingagent;

/** Placeholder until the demo app lands. */
public final class CodingAgentApp {
  public static void main(String[] args) {}
}
