package io.cludeobs.instrumentation.logcorrelation;

import io.cludeobs.bootstrap.context.LogCorrelation;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * {@code LoggingEvent.getMDCPropertyMap()}: Logback takes the MDC once, on its first call, which is
 * on the logging thread (an {@code AsyncAppender} makes that call before it queues the event). The
 * span ids are added then and kept in the event, so a later call on another thread sees the same.
 */
final class LogbackMdcAdvice {

  private LogbackMdcAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static boolean enter(@Advice.FieldValue("mdcPropertyMap") Map<String, String> taken) {
    return taken == null;
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(
      @Advice.Enter boolean first,
      @Advice.Return(readOnly = false) Map<String, String> mdc,
      @Advice.FieldValue(value = "mdcPropertyMap", readOnly = false) Map<String, String> field) {
    if (first) {
      Map<String, String> withIds = LogCorrelation.logbackMdc(mdc);
      if (withIds != mdc) {
        field = withIds;
        mdc = withIds;
      }
    }
  }
}
