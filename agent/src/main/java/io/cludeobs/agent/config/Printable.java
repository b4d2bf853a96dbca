package io.cludeobs.agent.config;

/**
 * User text made safe for a one-line message: control characters, line separators and lone
 * surrogates are escaped as {@code \}{@code uXXXX}, and long text is cut with its length noted, so
 * a bad value can neither split a message nor flood stderr.
 */
public final class Printable {
  /** The most characters of one user value a message shows. */
  public static final int MAX_VALUE_CHARS = 200;

  private Printable() {}

  /** {@code text} escaped and cut to {@link #MAX_VALUE_CHARS}; {@code "null"} for null. */
  public static String of(String text) {
    return of(text, MAX_VALUE_CHARS);
  }

  /** {@code text} escaped and, if longer than {@code maxChars}, cut with its length appended. */
  public static String of(String text, int maxChars) {
    if (text == null) {
      return "null";
    }
    if (isClean(text, maxChars)) {
      return text;
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 32);
    int i = 0;
    // the limit counts what is shown, so escapes cannot multiply the length
    for (; i < text.length() && out.length() < maxChars; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && out.length() + 2 > maxChars && !needsEscape(text, i)) {
        break; // never cut a pair in half
      }
      if (needsEscape(text, i)) {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        for (int pad = hex.length(); pad < 4; pad++) {
          out.append('0');
        }
        out.append(hex);
      } else {
        out.append(c);
      }
    }
    if (i < text.length()) {
      out.append("... (").append(text.length()).append(" chars)");
    }
    return out.toString();
  }

  private static boolean isClean(String text, int maxChars) {
    if (text.length() > maxChars) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (needsEscape(text, i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean needsEscape(String text, int i) {
    char c = text.charAt(i);
    if (c < 0x20 || c == 0x7f || c == 0x85 || c == '\u2028' || c == '\u2029') {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
    }
    return false;
  }
}
