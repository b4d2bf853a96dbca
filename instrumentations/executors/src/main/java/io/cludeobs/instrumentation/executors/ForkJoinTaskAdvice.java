package io.cludeobs.instrumentation.executors;

import io.cludeobs.bootstrap.context.HandOffs;
import io.cludeobs.bootstrap.context.Propagation;
import java.util.concurrent.ForkJoinTask;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinPool.execute/submit/invoke(ForkJoinTask)}: the task keeps the caller's context. */
final class ForkJoinTaskAdvice {

  private ForkJoinTaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static boolean enter(@Advice.Argument(0) ForkJoinTask<?> task) {
    Object context = Propagation.capture();
    if (context == null) {
      return false;
    }
    HandOffs.forkJoinTask(task, context);
    Propagation.beginHandOff();
    return true;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter boolean handedOff) {
    if (handedOff) {
      Propagation.endHandOff();
    }
  }
}
