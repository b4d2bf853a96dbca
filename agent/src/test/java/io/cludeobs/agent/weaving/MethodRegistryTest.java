package io.cludeobs.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.pointcut.Category;
import io.opentelemetry.api.common.AttributeKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.nio.charset.StandardCharsets;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class MethodRegistryTest {

  @Retention(RetentionPolicy.RUNTIME)
  @interface Tool {
    String name() default "";

    String[] value() default {};
  }

  static final class Tools {
    @Tool(name = "read_file")
    public void read() {}

    @Tool(value = {"a description, as LangChain4j puts it"})
    public void described() {}

    public void plain() {}
  }

  static final class Outer {
    static final class Inner {
      public void run() {}
    }
  }

  private static MethodDescription method(Class<?> type, String name) throws NoSuchMethodException {
    return new MethodDescription.ForLoadedMethod(type.getMethod(name));
  }

  @Test
  void toolNamesComeFromAnAnnotationNamedToolElseTheMethod() throws Exception {
    assertThat(MethodRegistry.toolName(method(Tools.class, "read"))).isEqualTo("read_file");
    assertThat(MethodRegistry.toolName(method(Tools.class, "described"))).isEqualTo("described");
    assertThat(MethodRegistry.toolName(method(Tools.class, "plain"))).isEqualTo("plain");
  }

  @Test
  void eachCategoryHasItsSpanNameAndAttributes() throws Exception {
    TypeDescription tools = TypeDescription.ForLoadedType.of(Tools.class);
    WovenMethod tool = MethodRegistry.describe(0, Category.TOOL, tools, method(Tools.class, "read"));
    assertThat(tool.spanName()).isEqualTo("execute_tool read_file");
    assertThat(tool.spanAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("read_file");
    assertThat(tool.spanAttributes().get(AttributeKey.stringKey("code.function.name")))
        .isEqualTo("io.cludeobs.agent.weaving.MethodRegistryTest$Tools.read");

    TypeDescription inner = TypeDescription.ForLoadedType.of(Outer.Inner.class);
    assertThat(MethodRegistry.describe(1, Category.SPAN, inner, method(Outer.Inner.class, "run")).spanName())
        .isEqualTo("MethodRegistryTest$Outer$Inner.run");
    assertThat(MethodRegistry.describe(2, Category.TASK, inner, method(Outer.Inner.class, "run")).spanName())
        .isEqualTo("invoke_agent MethodRegistryTest$Outer$Inner.run");
    assertThat(MethodRegistry.describe(3, Category.LLM, inner, method(Outer.Inner.class, "run")).spanName())
        .isEqualTo("chat");
  }

  @Test
  void registeringTwiceGivesTheSameIdAndTheBudgetIsWarnedOnce() throws Exception {
    MethodRegistry registry = new MethodRegistry(2);
    TypeDescription tools = TypeDescription.ForLoadedType.of(Tools.class);
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int a;
    try {
      a = registry.register("tool", tools, method(Tools.class, "read"));
      assertThat(registry.register("tool", tools, method(Tools.class, "read"))).isEqualTo(a);
      registry.register("tool", tools, method(Tools.class, "described"));
      registry.register("tool", tools, method(Tools.class, "plain"));
      registry.register("span", tools, method(Tools.class, "plain"));
    } finally {
      System.setErr(saved);
    }
    assertThat(registry.size()).isEqualTo(4);
    assertThat(registry.get(a).spanName()).isEqualTo("execute_tool read_file");
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "clude-obs: clude.obs.pointcuts.max_methods: 3 methods woven, more than the budget of 2 (last: "
                + "io.cludeobs.agent.weaving.MethodRegistryTest$Tools#plain); narrow the pointcuts or raise "
                + "clude.obs.pointcuts.max_methods");
  }
}
