package io.cludeobs.instrumentation.pointcuts;

import io.cludeobs.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Advice for task, tool and span methods: the return value is not needed, so never boxed. */
public final class PlainAdvice {

  private PlainAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(
      @MethodId int methodId,
      @Advice.This(optional = true) Object self) {
    return Bridge.enter(methodId, self);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @MethodId int methodId,
      @Advice.Enter Object token,
      @Advice.This(optional = true) Object self,
      @Advice.Thrown Throwable thrown) {
    Bridge.exit(methodId, token, self, null, thrown);
  }
}
