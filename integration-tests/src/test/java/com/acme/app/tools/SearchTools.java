package com.acme.app.tools;

/** A tool method selected by its annotation rather than by type. */
public final class SearchTools {
  @Tool(name = "web_search")
  public String search(String query) {
    return "results for " + query;
  }
}
