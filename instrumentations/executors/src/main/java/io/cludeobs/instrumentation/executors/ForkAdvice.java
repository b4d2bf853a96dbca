package io.cludeobs.instrumentation.executors;

import io.cludeobs.bootstrap.context.HandOffs;
import io.cludeobs.bootstrap.context.Propagation;
import java.util.concurrent.ForkJoinTask;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinTask.fork()}: the forked task keeps the forking thread's context. */
final class ForkAdvice {

  private ForkAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This ForkJoinTask<?> self) {
    Object context = Propagation.capture();
    if (context != null) {
      HandOffs.forkJoinTask(self, context);
    }
  }
}
