package io.cludeobs.instrumentation.executors;

import io.cludeobs.bootstrap.context.HandOffs;
import io.cludeobs.bootstrap.context.Propagation;
import java.util.concurrent.ForkJoinTask;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinTask.doExec()}: where every pool runs a task, on whatever thread. */
final class ForkJoinTaskRunAdvice {

  private ForkJoinTaskRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This ForkJoinTask<?> self) {
    return HandOffs.forkJoinTaskRunning(self);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object token) {
    Propagation.restore(token);
  }
}
