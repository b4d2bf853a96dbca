package io.cludeobs.agent.pointcut;

/** Allocation-free {@code *} wildcard matching; runs for every class the JVM loads. */
final class Glob {
  private Glob() {}

  /** True if {@code pattern}, where {@code *} is any run of chars, matches {@code text[from, to)}. */
  static boolean matches(String pattern, String text, int from, int to) {
    int pl = pattern.length();
    int pi = 0;
    int ti = from;
    int star = -1;
    int mark = from;
    while (ti < to) {
      if (pi < pl && pattern.charAt(pi) == '*') {
        star = pi++;
        mark = ti;
      } else if (pi < pl && pattern.charAt(pi) == text.charAt(ti)) {
        pi++;
        ti++;
      } else if (star >= 0) {
        // let the last star swallow one more char and retry the rest of the pattern
        pi = star + 1;
        ti = ++mark;
      } else {
        return false;
      }
    }
    while (pi < pl && pattern.charAt(pi) == '*') {
      pi++;
    }
    return pi == pl;
  }

  /** True if every char of {@code s} is one of {@code chars}. */
  static boolean only(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
