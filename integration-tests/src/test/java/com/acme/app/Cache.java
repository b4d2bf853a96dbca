package com.acme.app;

import java.util.HashMap;
import java.util.Map;

/** A cache lookup inside a tool call, to show a third level of nesting. */
public final class Cache {
  private final Map<String, String> entries = new HashMap<>();

  public String lookup(String key) {
    return entries.computeIfAbsent(key, k -> "content of " + k);
  }
}
