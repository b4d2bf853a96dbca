package io.cludeobs.instrumentation.pointcuts;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cludeobs.bootstrap.Bridge;
import io.cludeobs.bootstrap.Dispatcher;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The advice as woven code: ids bound per method, return values passed for llm, never a thrown agent error. */
class ConfiguredPointcutsAdviceTest {

  public static class Target {
    public String answer(String q) {
      return "answer to " + q;
    }

    public int count() {
      return 42;
    }

    public void fail() {
      throw new IllegalStateException("app failure");
    }
  }

  private final List<String> calls = new ArrayList<>();

  @AfterEach
  void reset() {
    Bridge.install(null);
  }

  private Object woven(String category, Advice advice) throws Exception {
    Class<?> type =
        new ByteBuddy()
            .redefine(Target.class)
            .visit(advice.on(named("answer").or(named("count")).or(named("fail"))))
            .make()
            .load(getClass().getClassLoader(), ClassLoadingStrategy.Default.CHILD_FIRST)
            .getLoaded();
    return type.getDeclaredConstructor().newInstance();
  }

  private Advice advice(String category, Class<?> adviceClass) {
    MethodRegistrar registrar = (c, type, method) -> method.getName().length(); // stable, per method
    return Advice.withCustomMapping()
        .bind(new ConfiguredPointcutsInstrumentation.MethodIdBinding(category, registrar))
        .to(adviceClass);
  }

  private void record() {
    Bridge.install(
        new Dispatcher() {
          @Override
          public Object enter(int methodId, Object receiver) {
            calls.add("enter " + methodId + " " + (receiver != null));
            return "token-" + methodId;
          }

          @Override
          public void exit(
              int methodId, Object token, Object receiver, Object returned, Throwable thrown) {
            calls.add(
                "exit " + methodId + " " + token + " returned=" + returned + " thrown="
                    + (thrown == null ? null : thrown.getMessage()));
          }
        });
  }

  @Test
  void returnValuesReachTheDispatcherForLlmMethods() throws Exception {
    Object target = woven("llm", advice("llm", ReturnValueAdvice.class));
    record();
    assertThat(target.getClass().getMethod("answer", String.class).invoke(target, "q")).isEqualTo("answer to q");
    assertThat(calls)
        .containsExactly("enter 6 true", "exit 6 token-6 returned=answer to q thrown=null");
  }

  @Test
  void plainAdviceDoesNotBoxReturnValuesAndPassesAppExceptionsUnchanged() throws Exception {
    Object target = woven("tool", advice("tool", PlainAdvice.class));
    record();
    assertThat(target.getClass().getMethod("count").invoke(target)).isEqualTo(42);
    assertThatThrownBy(() -> target.getClass().getMethod("fail").invoke(target))
        .hasCauseInstanceOf(IllegalStateException.class)
        .cause()
        .hasMessage("app failure");
    assertThat(calls)
        .containsExactly(
            "enter 5 true",
            "exit 5 token-5 returned=null thrown=null",
            "enter 4 true",
            "exit 4 token-4 returned=null thrown=app failure");
  }

  @Test
  void aFailingDispatcherNeverReachesTheApp() throws Exception {
    Object target = woven("llm", advice("llm", ReturnValueAdvice.class));
    Bridge.install(
        new Dispatcher() {
          @Override
          public Object enter(int methodId, Object receiver) {
            throw new RuntimeException("agent bug on enter");
          }

          @Override
          public void exit(
              int methodId, Object token, Object receiver, Object returned, Throwable thrown) {
            throw new RuntimeException("agent bug on exit");
          }
        });
    assertThat(target.getClass().getMethod("answer", String.class).invoke(target, "q")).isEqualTo("answer to q");
    assertThatThrownBy(() -> target.getClass().getMethod("fail").invoke(target))
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("app failure");
  }
}
