package io.cludeobs.instrumentation.executors;

import io.cludeobs.bootstrap.context.HandOffs;
import io.cludeobs.bootstrap.context.Propagation;
import net.bytebuddy.asm.Advice;

/** {@code put/offer/add} of a blocking queue: remembers work put there by a traced thread. */
final class QueuePutAdvice {

  private QueuePutAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(0) Object element) {
    if (Propagation.capture() != null) {
      HandOffs.queued(element);
    }
  }
}
