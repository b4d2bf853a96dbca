package com.acme.app.tools;

import com.acme.app.Cache;

/**
 * Reads a (pretend) file through a cache. With {@code -Dacme.read.work.micros=N} each read also works on the CPU
 * (and allocates) for about N microseconds, as parsing a real file would: the profiler's tests need tool time.
 */
public final class ReadTool implements AgentTool {
  private static final long WORK_NANOS = Long.getLong("acme.read.work.micros", 0) * 1000;
  static volatile int sink;
  private final Cache cache = new Cache();

  @Override
  @Tool(name = "read")
  public String execute(ToolCall call) {
    if (WORK_NANOS > 0) {
      parse(call.argument());
    }
    return cache.lookup(call.argument());
  }

  private static void parse(String text) {
    long end = System.nanoTime() + WORK_NANOS;
    int h = 0;
    while (System.nanoTime() < end) {
      StringBuilder b = new StringBuilder(64);
      for (int i = 0; i < 16; i++) {
        b.append(text).append(i);
      }
      h = 31 * h + b.toString().hashCode();
    }
    sink = h;
  }
}
