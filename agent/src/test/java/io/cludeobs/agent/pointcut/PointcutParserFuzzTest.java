package io.cludeobs.agent.pointcut;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.config.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/**
 * Generated pointcut expressions (fixed seed), from near-valid ones to junk: parsing throws only the
 * two configuration errors, a reported line names the setting and the expression, and a pointcut
 * that parses can be matched against real types without throwing.
 */
class PointcutParserFuzzTest {
  private static final int INPUTS = 20_000;
  private static final String SETTING = "clude.obs.pointcuts.tool";

  private static final String[] TYPE_PARTS = {
    "com", "acme", "*", "..", "*Tool", "Outer$Inner", "java", "lang", "Object", "io", "cludeobs", "É", "中",
    "a1", "_", "$", "", " ", "**", "?", "[]"
  };
  private static final String[] METHOD_PARTS = {"execute", "get*", "*", "run", "", "<init>", "é", "a b"};
  private static final String[] PARAM_PARTS = {
    "..", "int", "java.lang.String", "String[]", "*", "com.acme.*", "long[][]", "", "..,int", "int,..", "?"
  };
  private static final TypeDescription[] TYPES = {
    TypeDescription.ForLoadedType.of(String.class),
    TypeDescription.ForLoadedType.of(ArrayList.class),
    TypeDescription.ForLoadedType.of(PointcutParserFuzzTest.class),
    TypeDescription.ForLoadedType.of(Thread.State.class),
  };

  @Test
  void onlyConfigurationErrorsEscapeAndParsedPointcutsMatchSafely() {
    Random random = new Random(0xC1D0_0010L);
    int parsed = 0;
    int refused = 0;
    int syntax = 0;
    for (int i = 0; i < INPUTS; i++) {
      String text = expression(random);
      try {
        Pointcut pointcut = Pointcut.parse(text);
        parsed++;
        exercise(pointcut, random);
      } catch (PointcutSyntaxException e) {
        syntax++;
        assertThat(e.getMessage()).as(shown(text)).contains("cannot parse pointcut").doesNotContain("\n");
        assertThat(e.column()).as(shown(text)).isBetween(1, e.expression().length() + 1);
      } catch (PointcutRefusedException e) {
        refused++;
        assertThat(e.getMessage()).as(shown(text)).contains("is refused");
      } catch (Throwable t) {
        throw new AssertionError("input " + i + " " + shown(text) + " threw " + t, t);
      }
    }
    // the generator must reach all three outcomes, or it is not exploring the language
    assertThat(parsed).isGreaterThan(INPUTS / 20);
    assertThat(syntax).isGreaterThan(INPUTS / 20);
    assertThat(refused).isGreaterThan(10);
  }

  @Test
  void everyReportedLineNamesTheSettingAndTheExpression() {
    Random random = new Random(0xC1D0_0011L);
    for (int i = 0; i < INPUTS / 2; i++) {
      List<String> expressions = new ArrayList<>();
      int n = 1 + random.nextInt(4);
      for (int k = 0; k < n; k++) {
        expressions.add(expression(random));
      }
      List<String> lines = new ArrayList<>();
      try {
        PointcutSet.parse(SETTING, expressions, lines::add);
      } catch (Throwable t) {
        throw new AssertionError("input " + i + " " + expressions + " threw " + t, t);
      }
      for (String line : lines) {
        assertThat(line).as("input %s %s", i, expressions).startsWith(SETTING + ": ");
        assertThat(line).contains("fix the expression");
        boolean namesExpression = false;
        for (String e : expressions) {
          namesExpression |=
              line.contains("'" + Printable.of(e.strip(), PointcutSyntaxException.MAX_SHOWN) + "'");
        }
        assertThat(namesExpression).as("line %s names one of %s", line, expressions).isTrue();
      }
    }
  }

  private static void exercise(Pointcut pointcut, Random random) {
    pointcut.mayMatchTypeName(random.nextBoolean() ? "com.acme.tools.ReadTool" : "java.lang.String");
    TypeDescription type = TYPES[random.nextInt(TYPES.length)];
    pointcut.typeMatcher().matches(type);
    for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
      pointcut.methodMatcher().matches(method);
    }
    assertThat(pointcut.toString()).isNotNull();
  }

  private static String expression(Random random) {
    StringBuilder text = new StringBuilder();
    int shape = random.nextInt(10);
    if (shape == 0) {
      return junk(random, random.nextInt(30));
    }
    if (random.nextInt(6) == 0) {
      text.append('!');
    }
    if (shape == 1) {
      text.append('@').append(typeGlob(random));
      return mutate(text, random);
    }
    text.append(typeGlob(random));
    if (random.nextInt(3) == 0) {
      text.append('+');
    }
    if (random.nextInt(8) != 0) {
      text.append('#').append(pick(random, METHOD_PARTS));
    }
    if (random.nextBoolean()) {
      text.append('(');
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        text.append(i == 0 ? "" : ",").append(pick(random, PARAM_PARTS));
      }
      if (random.nextInt(10) != 0) {
        text.append(')');
      }
    }
    if (random.nextInt(5) == 0) {
      text.append(';').append(pick(random, "@com.acme.Tool", "", "x"));
    }
    return mutate(text, random);
  }

  private static String typeGlob(Random random) {
    StringBuilder glob = new StringBuilder();
    int n = 1 + random.nextInt(5);
    for (int i = 0; i < n; i++) {
      String part = pick(random, TYPE_PARTS);
      glob.append(i == 0 || part.equals("..") ? "" : ".").append(part);
    }
    if (random.nextInt(200) == 0) {
      // a long pattern: glob-to-regex conversion and matching must stay linear
      for (int i = 0; i < 5_000; i++) {
        glob.append(".*a");
      }
    }
    return glob.toString();
  }

  private static String mutate(StringBuilder text, Random random) {
    if (text.length() > 0 && random.nextInt(4) == 0) {
      int at = random.nextInt(text.length() + 1);
      text.insert(at, pick(random, "#", "(", ")", "+", "@", "!", ",", " ", "\t", "\u0000", "\n", "..", "*", "\uD800"));
    }
    if (random.nextInt(50) == 0) {
      text.insert(0, "   ").append("\u2003");
    }
    return text.toString();
  }

  private static String junk(Random random, int length) {
    String alphabet = "abc.$*#()+@!,.. \t\n[]?\u00e9\u4e2d\u0000;:";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private static String pick(Random random, String... options) {
    return options[random.nextInt(options.length)];
  }

  private static String shown(String text) {
    return "'" + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + "'";
  }
}
