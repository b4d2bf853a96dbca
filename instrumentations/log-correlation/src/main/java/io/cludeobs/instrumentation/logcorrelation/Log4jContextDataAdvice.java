package io.cludeobs.instrumentation.logcorrelation;

import io.cludeobs.bootstrap.context.LogCorrelation;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** {@code ContextDataInjector.injectContextData(...)}: runs on the logging thread as the event is made. */
final class Log4jContextDataAdvice {

  private Log4jContextDataAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object contextData) {
    contextData = LogCorrelation.log4jContextData(contextData);
  }
}
