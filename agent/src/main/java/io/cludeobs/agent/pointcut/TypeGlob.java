package io.cludeobs.agent.pointcut;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled type-name glob: {@code *} stays within one dotted segment, {@code ..} spans any number of
 * segments (zero or more).
 */
final class TypeGlob {
  private final String text;
  /** Dotted segments of the glob; a null entry stands for {@code ..}. */
  private final String[] segments;
  private final boolean literal;
  private final String literalPrefix;
  private final boolean mayMatchJavaPackage;

  private TypeGlob(String text) {
    this.text = text;
    this.segments = split(text);
    this.literal = text.indexOf('*') < 0 && !text.contains("..");
    this.literalPrefix = literalPrefix(text);
    this.mayMatchJavaPackage =
        literalPrefix.startsWith("java.") || "java.".startsWith(literalPrefix);
  }

  /** Compiles a glob the parser has already validated. */
  static TypeGlob compile(String text) {
    return new TypeGlob(text);
  }

  String text() {
    return text;
  }

  /** The chars every matching name starts with; empty if the glob starts with a wildcard. */
  String literalPrefix() {
    return literalPrefix;
  }

  /** True if the glob has only {@code *} and {@code .}: it says nothing about the type. */
  boolean isAllWildcards() {
    return Glob.only(text, "*.");
  }

  /**
   * False if no name under {@code java.} can match; such names only have {@code java.} supertypes, so a
   * supertype walk can stop there.
   */
  boolean mayMatchJavaPackage() {
    return mayMatchJavaPackage;
  }

  boolean matches(String name) {
    if (literal) {
      return text.equals(name);
    }
    return matchFrom(0, name, 0);
  }

  private boolean matchFrom(int seg, String name, int pos) {
    String pattern = segments[seg];
    if (pattern == null) {
      if (seg + 1 == segments.length) {
        return true;
      }
      int p = pos;
      while (true) {
        if (matchFrom(seg + 1, name, p)) {
          return true;
        }
        int dot = name.indexOf('.', p);
        if (dot < 0) {
          return false;
        }
        p = dot + 1;
      }
    }
    int end = name.indexOf('.', pos);
    if (end < 0) {
      end = name.length();
    }
    if (!Glob.matches(pattern, name, pos, end)) {
      return false;
    }
    if (end == name.length()) {
      for (int i = seg + 1; i < segments.length; i++) {
        if (segments[i] != null) {
          return false;
        }
      }
      return true;
    }
    return seg + 1 < segments.length && matchFrom(seg + 1, name, end + 1);
  }

  private static String[] split(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) != '.') {
        i++;
        continue;
      }
      if (i > start) {
        out.add(text.substring(start, i));
      }
      if (i + 1 < text.length() && text.charAt(i + 1) == '.') {
        out.add(null);
        i += 2;
      } else {
        i++;
      }
      start = i;
    }
    if (i > start) {
      out.add(text.substring(start, i));
    }
    return out.toArray(new String[0]);
  }

  private static String literalPrefix(String text) {
    int star = text.indexOf('*');
    int deep = text.indexOf("..");
    // 'a..B' only matches names starting 'a.', so the first dot of '..' still belongs to the prefix
    int deepEnd = deep < 0 ? -1 : (deep == 0 ? 0 : deep + 1);
    int end = text.length();
    if (star >= 0) {
      end = star;
    }
    if (deepEnd >= 0 && deepEnd < end) {
      end = deepEnd;
    }
    return text.substring(0, end);
  }

  @Override
  public String toString() {
    return text;
  }
}
