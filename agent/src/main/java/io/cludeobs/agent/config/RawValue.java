package io.cludeobs.agent.config;

import java.util.List;

/** One setting as a user wrote it, with the name it was written under for messages. */
final class RawValue {
  /**
   * The setting name as the user wrote it: property, env var, or {@code file: [table] key}; made
   * {@link Printable}.
   */
  final String origin;

  /** The value as written, made {@link Printable}, for messages. */
  final String shown;

  /** The scalar text, or null when the value is a TOML array. */
  final String text;

  /** The items of a TOML array, or null for a scalar. */
  final List<String> items;

  private RawValue(String origin, String shown, String text, List<String> items) {
    // names and values reach one-line messages; a newline or a megabyte in them must not
    this.origin = Printable.of(origin);
    this.shown = Printable.of(shown);
    this.text = text;
    this.items = items;
  }

  static RawValue scalar(String origin, String text) {
    return new RawValue(origin, text, text, null);
  }

  static RawValue scalar(String origin, String shown, String text) {
    return new RawValue(origin, shown, text, null);
  }

  static RawValue list(String origin, String shown, List<String> items) {
    return new RawValue(origin, shown, null, items);
  }

  /** The name and value as one would retype it: {@code clude.obs.debug=yes}. */
  String written() {
    return origin + "=" + shown;
  }
}
