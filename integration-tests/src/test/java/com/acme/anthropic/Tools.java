package com.acme.anthropic;

/** Runs the tools the model asks for; one dispatcher method for all of them. */
public final class Tools {

  static final String README = "README: hello from the repo.";

  public String execute(ToolRequest request) {
    if (!"read_file".equals(request.name())) {
      throw new IllegalArgumentException("unknown tool " + request.name());
    }
    return README;
  }
}
