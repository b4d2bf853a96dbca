package io.cludeobs.agent.pointcut;

import java.util.ArrayList;
import java.util.List;

/** Recursive-descent parser of one pointcut expression; the grammar is in {@code package-info.java}. */
final class PointcutParser {
  static final String EXPECTED_START = "a type pattern or '@' and an annotation name";
  static final String EXPECTED_NAME = "a name or '*'";
  static final String EXPECTED_FIRST_NAME = "a name, '*' or '..'";
  static final String EXPECTED_PLUS_OR_HASH = "'+' or '#'";
  static final String EXPECTED_HASH = "'#'";
  static final String EXPECTED_METHOD = "a method name or '*'";
  static final String EXPECTED_PAREN_OR_END = "'(' or end of expression";
  static final String EXPECTED_FIRST_PARAM = "a parameter type, '..' or ')'";
  static final String EXPECTED_PARAM = "a parameter type or '..'";
  static final String EXPECTED_COMMA_OR_CLOSE = "',' or ')'";
  static final String EXPECTED_CLOSE_AFTER_REST = "')' ('..' must be the last parameter)";
  static final String EXPECTED_TYPE_NAME = "a type name after '.'";
  static final String EXPECTED_BRACKET = "']'";
  static final String EXPECTED_ANNOTATION = "an annotation type name (no wildcards)";
  static final String EXPECTED_END = "end of expression";

  private final String text;
  private int pos;

  // results
  boolean exclusion;
  String annotationName;
  String typeGlob;
  boolean subtypes;
  String methodGlob;
  ParameterPattern parameters = ParameterPattern.ANY;

  private PointcutParser(String text) {
    this.text = text;
  }

  /** Parses trimmed {@code text}; columns in errors are relative to it. */
  static PointcutParser parse(String text) {
    PointcutParser parser = new PointcutParser(text);
    parser.expression();
    return parser;
  }

  private void expression() {
    skipWhitespace();
    if (peek() == '!') {
      exclusion = true;
      pos++;
      skipWhitespace();
    }
    if (peek() == '@') {
      pos++;
      skipWhitespace();
      annotationName = qualifiedName(EXPECTED_ANNOTATION, EXPECTED_ANNOTATION);
    } else {
      typeGlob = typeGlob();
      skipWhitespace();
      if (peek() == '+') {
        subtypes = true;
        pos++;
        skipWhitespace();
        expect('#', EXPECTED_HASH);
      } else {
        expect('#', EXPECTED_PLUS_OR_HASH);
      }
      skipWhitespace();
      methodGlob = methodGlob();
      skipWhitespace();
      if (pos < text.length()) {
        if (peek() != '(') {
          throw error(EXPECTED_PAREN_OR_END);
        }
        pos++;
        parameters = parameters();
      }
    }
    skipWhitespace();
    if (pos < text.length()) {
      throw error(EXPECTED_END);
    }
  }

  private String typeGlob() {
    int start = pos;
    boolean needName = false;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '*' || isNameChar(c)) {
        needName = false;
        pos++;
      } else if (c == '.') {
        boolean afterDot = pos > start && text.charAt(pos - 1) == '.';
        if (afterDot) {
          // '...' or a second '..' right after the first one
          throw error(EXPECTED_NAME);
        }
        if (pos + 1 < text.length() && text.charAt(pos + 1) == '.') {
          needName = false;
          pos += 2;
        } else {
          if (pos == start) {
            throw error(EXPECTED_FIRST_NAME);
          }
          needName = true;
          pos++;
        }
      } else {
        break;
      }
    }
    if (pos == start) {
      throw error(EXPECTED_START);
    }
    if (needName) {
      throw error(EXPECTED_NAME);
    }
    return text.substring(start, pos);
  }

  private String methodGlob() {
    int start = pos;
    while (pos < text.length() && (text.charAt(pos) == '*' || isNameChar(text.charAt(pos)))) {
      pos++;
    }
    if (pos == start) {
      throw error(EXPECTED_METHOD);
    }
    return text.substring(start, pos);
  }

  private ParameterPattern parameters() {
    List<String> names = new ArrayList<>();
    List<Integer> dims = new ArrayList<>();
    skipWhitespace();
    if (peek() == ')') {
      pos++;
      return ParameterPattern.of(names, dims, false);
    }
    while (true) {
      skipWhitespace();
      if (text.startsWith("..", pos)) {
        pos += 2;
        skipWhitespace();
        expect(')', EXPECTED_CLOSE_AFTER_REST);
        return ParameterPattern.of(names, dims, true);
      }
      int start = pos;
      String name = qualifiedName(names.isEmpty() ? EXPECTED_FIRST_PARAM : EXPECTED_PARAM,
          EXPECTED_TYPE_NAME);
      if (name.equals("void")) {
        pos = start;
        throw error((names.isEmpty() ? EXPECTED_FIRST_PARAM : EXPECTED_PARAM)
            + " ('void' is not a parameter type)");
      }
      int dimensions = 0;
      skipWhitespace();
      while (peek() == '[') {
        pos++;
        skipWhitespace();
        expect(']', EXPECTED_BRACKET);
        dimensions++;
        skipWhitespace();
      }
      names.add(name);
      dims.add(dimensions);
      if (peek() == ',') {
        pos++;
      } else if (peek() == ')') {
        pos++;
        return ParameterPattern.of(names, dims, false);
      } else {
        throw error(EXPECTED_COMMA_OR_CLOSE);
      }
    }
  }

  /** A dotted Java name without wildcards, such as {@code java.util.Map} or {@code com.acme.Outer$Inner}. */
  private String qualifiedName(String expectedFirst, String expectedAfterDot) {
    int start = pos;
    if (!isNameStart(peek())) {
      throw error(expectedFirst);
    }
    while (true) {
      while (pos < text.length() && isNameChar(text.charAt(pos))) {
        pos++;
      }
      if (peek() != '.') {
        break;
      }
      pos++;
      if (!isNameStart(peek())) {
        throw error(expectedAfterDot);
      }
    }
    return text.substring(start, pos);
  }

  private void expect(char c, String expected) {
    if (peek() != c) {
      throw error(expected);
    }
    pos++;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipWhitespace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private PointcutSyntaxException error(String expected) {
    return new PointcutSyntaxException(text, pos + 1, expected);
  }

  private static boolean isNameStart(char c) {
    return c != '\0' && Character.isJavaIdentifierStart(c) && !Character.isIdentifierIgnorable(c);
  }

  private static boolean isNameChar(char c) {
    return Character.isJavaIdentifierPart(c) && !Character.isIdentifierIgnorable(c);
  }
}
