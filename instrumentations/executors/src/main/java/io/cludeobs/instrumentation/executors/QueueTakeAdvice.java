package io.cludeobs.instrumentation.executors;

import io.cludeobs.bootstrap.context.HandOffs;
import net.bytebuddy.asm.Advice;

/** {@code take/poll} of a blocking queue: notes work that a traced thread put there. */
final class QueueTakeAdvice {

  private QueueTakeAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object queue, @Advice.Return Object element) {
    HandOffs.taken(queue, element);
  }
}
