package com.acme.anthropic;

/** A tool use as the model asked for it: the shape tool pointcuts read name and call id from. */
public final class ToolRequest {
  private final String name;
  private final String id;
  private final String arguments;

  public ToolRequest(String name, String id, String arguments) {
    this.name = name;
    this.id = id;
    this.arguments = arguments;
  }

  public String name() {
    return name;
  }

  public String id() {
    return id;
  }

  public String arguments() {
    return arguments;
  }

  @Override
  public String toString() {
    return arguments;
  }
}
