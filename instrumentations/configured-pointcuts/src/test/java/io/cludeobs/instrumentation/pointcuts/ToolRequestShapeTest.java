package io.cludeobs.instrumentation.pointcuts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class ToolRequestShapeTest {

  /** name(), id() and arguments(): the model's tool call. */
  public static final class Call {
    public String name() {
      return "n";
    }

    public String id() {
      return "i";
    }

    public Map<String, String> arguments() {
      return Map.of();
    }
  }

  /** The accessors from an interface. */
  public interface Named {
    String name();

    String id();

    String arguments();
  }

  /** Lacks arguments(). */
  public static final class NoArguments {
    public String name() {
      return "n";
    }

    public String id() {
      return "i";
    }
  }

  /** id() is not a String. */
  public static final class NumericId {
    public String name() {
      return "n";
    }

    public long id() {
      return 1;
    }

    public String arguments() {
      return "";
    }
  }

  @SuppressWarnings("unused")
  static final class Tools {
    String run(Call call) {
      return "";
    }

    String viaInterface(Named call, int extra) {
      return "";
    }

    String noArguments(NoArguments call) {
      return "";
    }

    String numericId(NumericId call) {
      return "";
    }

    String string(String call) {
      return "";
    }

    String none() {
      return "";
    }
  }

  @Test
  void firstParameterWithNameIdAndArgumentsIsARequest() {
    assertThat(ToolRequestShape.matches(method("run"))).isTrue();
    assertThat(ToolRequestShape.matches(method("viaInterface"))).isTrue();
  }

  @Test
  void otherParametersAreNot() {
    assertThat(ToolRequestShape.matches(method("noArguments"))).isFalse();
    assertThat(ToolRequestShape.matches(method("numericId"))).isFalse();
    assertThat(ToolRequestShape.matches(method("string"))).isFalse();
    assertThat(ToolRequestShape.matches(method("none"))).isFalse();
  }

  private static MethodDescription method(String name) {
    return TypeDescription.ForLoadedType.of(Tools.class).getDeclaredMethods().filter(
        net.bytebuddy.matcher.ElementMatchers.named(name)).getOnly();
  }
}
