package com.acme.app.tools;

import com.acme.app.Cache;

/** Reads a (pretend) file through a cache. */
public final class ReadTool implements AgentTool {
  private final Cache cache = new Cache();

  @Override
  @Tool(name = "read")
  public String execute(ToolCall call) {
    return cache.lookup(call.argument());
  }
}
