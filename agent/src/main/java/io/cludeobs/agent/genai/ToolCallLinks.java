package io.cludeobs.agent.genai;

import io.opentelemetry.api.trace.SpanContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chat span that returned each recent tool-call id, so the {@code execute_tool} span that runs
 * the call can link to it. Bounded: the oldest ids go first.
 */
public final class ToolCallLinks {

  private static final int MAX = 1024;
  private static final Map<String, SpanContext> RECENT =
      new LinkedHashMap<String, SpanContext>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SpanContext> eldest) {
          return size() > MAX;
        }
      };

  private ToolCallLinks() {}

  static void remember(String toolCallId, SpanContext chat) {
    if (toolCallId == null || toolCallId.isEmpty() || !chat.isValid()) {
      return;
    }
    synchronized (RECENT) {
      RECENT.put(toolCallId, chat);
    }
  }

  /** The chat span that returned this tool-call id, or null. */
  public static SpanContext requestedBy(String toolCallId) {
    if (toolCallId == null) {
      return null;
    }
    synchronized (RECENT) {
      return RECENT.get(toolCallId);
    }
  }
}
