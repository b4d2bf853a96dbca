package com.acme.app.tools;

/** A tool call as a model requests it. */
public final class ToolCall {
  private final String name;
  private final String id;
  private final String argument;

  public ToolCall(String name, String id, String argument) {
    this.name = name;
    this.id = id;
    this.argument = argument;
  }

  public String name() {
    return name;
  }

  public String id() {
    return id;
  }

  public String argument() {
    return argument;
  }
}
