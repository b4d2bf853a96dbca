package io.cludeobs.agent.pointcut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PointcutParserTest {

  @Test
  void typeMethodFormWithSubtypesAndAnyParameters() {
    PointcutParser p = PointcutParser.parse("com.acme.tools.*Tool+#execute(..)");
    assertThat(p.exclusion).isFalse();
    assertThat(p.annotationName).isNull();
    assertThat(p.typeGlob).isEqualTo("com.acme.tools.*Tool");
    assertThat(p.subtypes).isTrue();
    assertThat(p.methodGlob).isEqualTo("execute");
    assertThat(p.parameters).isSameAs(ParameterPattern.ANY);
  }

  @Test
  void noParameterListMeansAnyParameters() {
    PointcutParser p = PointcutParser.parse("com..Agent#get*");
    assertThat(p.typeGlob).isEqualTo("com..Agent");
    assertThat(p.subtypes).isFalse();
    assertThat(p.methodGlob).isEqualTo("get*");
    assertThat(p.parameters).isSameAs(ParameterPattern.ANY);
  }

  @Test
  void nestedClassesAndLeadingDeepWildcard() {
    assertThat(PointcutParser.parse("com.acme.Outer$Inner#run").typeGlob)
        .isEqualTo("com.acme.Outer$Inner");
    assertThat(PointcutParser.parse("..*Tool#run").typeGlob).isEqualTo("..*Tool");
    assertThat(PointcutParser.parse("com.acme..#run").typeGlob).isEqualTo("com.acme..");
  }

  @Test
  void exclusionAndAnnotationForms() {
    PointcutParser annotation = PointcutParser.parse("@com.acme.Traced");
    assertThat(annotation.annotationName).isEqualTo("com.acme.Traced");
    assertThat(annotation.typeGlob).isNull();
    assertThat(annotation.exclusion).isFalse();

    PointcutParser excluded = PointcutParser.parse("!@com.acme.Outer$NoTrace");
    assertThat(excluded.exclusion).isTrue();
    assertThat(excluded.annotationName).isEqualTo("com.acme.Outer$NoTrace");

    PointcutParser excludedMethod = PointcutParser.parse("!com.acme.ReadTool#describe");
    assertThat(excludedMethod.exclusion).isTrue();
    assertThat(excludedMethod.typeGlob).isEqualTo("com.acme.ReadTool");
  }

  @Test
  void whitespaceAroundTokensIsIgnored() {
    PointcutParser p =
        PointcutParser.parse("!  com.acme.Tool +\t# exec* ( java.lang.String [ ] , int , .. )");
    assertThat(p.exclusion).isTrue();
    assertThat(p.typeGlob).isEqualTo("com.acme.Tool");
    assertThat(p.subtypes).isTrue();
    assertThat(p.methodGlob).isEqualTo("exec*");
    assertThat(p.parameters).isNotSameAs(ParameterPattern.ANY);
    assertThat(PointcutParser.parse("@ com.acme.Traced").annotationName)
        .isEqualTo("com.acme.Traced");
  }

  @Test
  void pointcutTextIsTheTrimmedOriginal() {
    assertThat(Pointcut.parse("  com.acme.Tool + #execute ( .. )\n").toString())
        .isEqualTo("com.acme.Tool + #execute ( .. )");
    assertThat(Pointcut.parse(" ! com.acme.Tool#execute").isExclusion()).isTrue();
    assertThat(Pointcut.parse("com.acme.Tool#execute").isExclusion()).isFalse();
  }

  @ParameterizedTest(name = "''{0}'' -> column {1}: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "''                                  | 1  | a type pattern or '@' and an annotation name",
        "!                                   | 2  | a type pattern or '@' and an annotation name",
        "+com.acme.Tool#x                    | 1  | a type pattern or '@' and an annotation name",
        "com.acme.Tool                       | 14 | '+' or '#'",
        "com.acme.Fo-o#run                   | 12 | '+' or '#'",
        "com.acme+.Tool#x                    | 10 | '#'",
        "com.acme.Tool++#x                   | 15 | '#'",
        "com.acme.Tool#                      | 15 | a method name or '*'",
        "com.acme.Tool#<init>                | 15 | a method name or '*'",
        "com.acme.Tool#execute+              | 22 | '(' or end of expression",
        "com.acme.Tool#exe-cute              | 18 | '(' or end of expression",
        "com.acme.#run                       | 10 | a name or '*'",
        "com. acme.Tool#run                  | 5  | a name or '*'",
        ".com.Acme#run                       | 1  | a name, '*' or '..'",
        "com...Acme#run                      | 6  | a name or '*'",
        "com....Acme#run                     | 6  | a name or '*'",
        "com.acme.Tool#execute(              | 23 | a parameter type, '..' or ')'",
        "com.acme.Tool#execute(*)            | 23 | a parameter type, '..' or ')'",
        "com.acme.Tool#execute(int           | 26 | ',' or ')'",
        "com.acme.Tool#execute(int,          | 27 | a parameter type or '..'",
        "com.acme.Tool#execute(int,)         | 27 | a parameter type or '..'",
        "com.acme.Tool#execute(int;long)     | 26 | ',' or ')'",
        "com.acme.Tool#execute(..,int)       | 25 | ')' ('..' must be the last parameter)",
        "com.acme.Tool#execute(..            | 25 | ')' ('..' must be the last parameter)",
        "com.acme.Tool#execute(java..String) | 28 | a type name after '.'",
        "com.acme.Tool#execute(byte[)        | 28 | ']'",
        "com.acme.Tool#execute(void)         | 23 | a parameter type, '..' or ')' ('void' is not a parameter type)",
        "com.acme.Tool#execute() x           | 25 | end of expression",
        "@                                   | 2  | an annotation type name (no wildcards)",
        "@com.acme.*                         | 11 | an annotation type name (no wildcards)",
        "@com.acme.Traced#run                | 17 | end of expression",
        "@com.acme.Traced+                   | 17 | end of expression",
      })
  void syntaxErrorsSayWhereAndWhat(String expression, int column, String expected) {
    assertThatThrownBy(() -> Pointcut.parse(expression))
        .isInstanceOfSatisfying(
            PointcutSyntaxException.class,
            e -> {
              assertThat(e.expression()).isEqualTo(expression.strip());
              assertThat(e.column()).isEqualTo(column);
              assertThat(e.expected()).isEqualTo(expected);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "cannot parse pointcut '"
                          + expression.strip()
                          + "' at column "
                          + column
                          + ": expected "
                          + expected);
            });
  }

  @Test
  void columnsCountFromTheTrimmedExpression() {
    assertThatThrownBy(() -> Pointcut.parse("   com.acme.Tool  "))
        .isInstanceOf(PointcutSyntaxException.class)
        .hasMessage("cannot parse pointcut 'com.acme.Tool' at column 14: expected '+' or '#'");
    assertThatThrownBy(() -> Pointcut.parse(" \t "))
        .hasMessage(
            "cannot parse pointcut '' at column 1: expected a type pattern or '@' and an annotation"
                + " name");
  }
}
