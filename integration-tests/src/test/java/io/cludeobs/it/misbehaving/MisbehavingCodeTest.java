package io.cludeobs.it.misbehaving;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.misbehaving.MisbehavingApp;
import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpJson;
import io.cludeobs.it.support.SpanTree;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instrumented code that misbehaves in every way {@link MisbehavingApp} knows (throwing or null accessors, a 10 MB
 * string, a cyclic graph whose toString overflows the stack, checked/unchecked exceptions and Errors, three kinds of
 * class loader) prints the same digest with the agent (content capture on) as without it.
 */
class MisbehavingCodeTest {
  @TempDir Path tmp;

  @Test
  void appResultsAndExceptionsAreIdenticalWithAndWithoutTheAgent() {
    Jvm.Result plain = app().noAgent().run(Duration.ofSeconds(90));
    plain.assertExitCode(0);
    Jvm.Result woven =
        app()
            .dataDir(tmp.resolve("data"))
            .sysProp("clude.obs.genai.capture_content", "true")
            .sysProp("clude.obs.pointcuts.task", "com.acme.misbehaving.MisbehavingApp$Runner#run")
            .sysProp("clude.obs.pointcuts.llm", "com.acme.misbehaving.MisbehavingApp$Model#chat*")
            .sysProp("clude.obs.pointcuts.tool", "com.acme.misbehaving.MisbehavingApp$Tools#*(..)")
            .run(Duration.ofSeconds(90));
    woven.assertExitCode(0);

    assertThat(woven.stdout()).isEqualTo(plain.stdout());
    assertThat(plain.stdout().lines())
        .contains(
            "huge reply -> 10485760",
            "checked -> threw java.io.IOException: checked x same=true at com.acme.misbehaving.MisbehavingApp$Tools.checked",
            "unchecked -> threw java.lang.IllegalArgumentException: unchecked x same=true at"
                + " com.acme.misbehaving.MisbehavingApp$Tools.unchecked",
            "error -> threw java.lang.AssertionError: error x same=true at com.acme.misbehaving.MisbehavingApp$Tools.error",
            "tool request throws -> executed",
            "task -> ran job",
            "child-first loader -> threw java.lang.IllegalArgumentException from ChildFirstLoader: unchecked loaded at"
                + " com.acme.misbehaving.MisbehavingApp$Tools.unchecked");

    List<Span> spans = OtlpJson.readTraceFiles(tmp.resolve("data").resolve("traces"));
    // accessors that throw or return null leave their attribute out; the exception still marks the span
    String unchecked =
        "execute_tool unchecked [error.type=java.lang.IllegalArgumentException, gen_ai.tool.name=unchecked] !ERROR\n"
            + "  execute_tool remember [gen_ai.tool.name=remember]\n";
    assertThat(SpanTree.render(spans, "error.type", "gen_ai.tool.name", "gen_ai.response.model"))
        .isEqualTo(
            "chat misbehaving-model [gen_ai.response.model=misbehaving-model-1]\n"
                + "chat misbehaving-model\n"
                + "chat misbehaving-model\n"
                + "chat misbehaving-model\n"
                + "execute_tool execute [gen_ai.tool.name=execute]\n"
                + "execute_tool checked [error.type=java.io.IOException, gen_ai.tool.name=checked] !ERROR\n"
                + "  execute_tool remember [gen_ai.tool.name=remember]\n"
                + unchecked
                + "execute_tool error [error.type=java.lang.AssertionError, gen_ai.tool.name=error] !ERROR\n"
                + "  execute_tool remember [gen_ai.tool.name=remember]\n"
                + "invoke_agent MisbehavingApp$Runner.run\n"
                // the same class from the custom, parallel-capable and child-first loaders is woven too
                + unchecked
                + unchecked
                + unchecked);
  }

  private static Jvm.Builder app() {
    return Jvm.builder().mainClass(MisbehavingApp.class.getName()).jvmArgs("-Xss512k");
  }
}
