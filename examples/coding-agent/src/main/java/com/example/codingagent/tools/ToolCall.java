package com.example.codingagent.tools;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One tool invocation requested by the model: which tool, a call id, and string arguments. */
public final class ToolCall {
  // Long arguments such as file contents are shortened in toString() so logs stay one line.
  private static final int MAX_SHOWN_ARGUMENT_CHARS = 40;

  private final String id;
  private final String name;
  private final Map<String, String> arguments;

  public ToolCall(String id, String name, Map<String, String> arguments) {
    this.id = Objects.requireNonNull(id, "id");
    this.name = Objects.requireNonNull(name, "name");
    this.arguments =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(Objects.requireNonNull(arguments, "arguments")));
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The arguments in the order the model gave them. */
  public Map<String, String> arguments() {
    return arguments;
  }

  /**
   * Returns a required argument.
   *
   * @throws IllegalArgumentException if the model left it out
   */
  public String requireArgument(String key) {
    String value = arguments.get(key);
    if (value == null) {
      throw new IllegalArgumentException(name + ": missing argument '" + key + "'");
    }
    return value;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(name).append('(');
    boolean first = true;
    for (Map.Entry<String, String> argument : arguments.entrySet()) {
      if (!first) {
        text.append(", ");
      }
      first = false;
      String value = argument.getValue();
      text.append(argument.getKey()).append('=');
      if (value.length() > MAX_SHOWN_ARGUMENT_CHARS || value.indexOf('\n') >= 0) {
        text.append('<').append(value.length()).append(" chars>");
      } else {
        text.append(value);
      }
    }
    return text.append(')').toString();
  }
}
