package io.cludeobs.instrumentation.executors;

import io.cludeobs.bootstrap.context.HandOffs;
import io.cludeobs.bootstrap.context.Propagation;
import net.bytebuddy.asm.Advice;

/** {@code Thread.run()} (and a virtual thread's {@code run(Runnable)}): attaches the starter's context. */
final class ThreadRunAdvice {

  private ThreadRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This Thread self) {
    return HandOffs.threadRunning(self);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object token) {
    Propagation.restore(token);
  }
}
