package io.cludeobs.agent.pointcut;

/** The pointcut categories; each gives woven methods a different span shape and timers. */
public enum Category {
  /** A unit of agent work: {@code invoke_agent <Class.method>}. */
  TASK("task"),
  /** A call to a language model: {@code chat <model>}. */
  LLM("llm"),
  /** A tool the agent runs: {@code execute_tool <tool name>}. */
  TOOL("tool"),
  /** Any other method worth a span: {@code <SimpleClass>.<method>}. */
  SPAN("span");

  private final String key;

  Category(String key) {
    this.key = key;
  }

  /** The name used in settings: {@code clude.obs.pointcuts.<key>}. */
  public String key() {
    return key;
  }

  /** The category for a settings key, or null if there is none. */
  public static Category forKey(String key) {
    for (Category c : values()) {
      if (c.key.equals(key)) {
        return c;
      }
    }
    return null;
  }
}
