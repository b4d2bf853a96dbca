package io.cludeobs.instrumentation.executors;

import io.cludeobs.bootstrap.context.HandOffs;
import io.cludeobs.bootstrap.context.Propagation;
import net.bytebuddy.asm.Advice;

/** {@code tryFire(int)} of a dependent stage: attaches the context of the stage's creation. */
final class CompletionFireAdvice {

  private CompletionFireAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This Object self) {
    return HandOffs.completionFiring(self);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object token) {
    Propagation.restore(token);
  }
}
