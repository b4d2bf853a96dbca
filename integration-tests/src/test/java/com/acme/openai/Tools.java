package com.acme.openai;

/** Runs the tools the model asks for; one dispatcher method for all of them. */
public final class Tools {

  /** The file the read_file tool returns: long enough to hit a small capture cap. */
  static final String README = "README: hello from the repo. " + "x".repeat(6000);

  public String execute(ToolRequest request) {
    if (!"read_file".equals(request.name())) {
      throw new IllegalArgumentException("unknown tool " + request.name());
    }
    return README;
  }
}
