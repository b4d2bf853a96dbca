package io.cludeobs.instrumentation.fileio;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.cludeobs.bootstrap.FileIo;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code sun.nio.ch.FileChannelImpl}, behind {@code FileChannel.open} and most of {@code Files}: its
 * fields (not its constructor's parameters, which differ between JDK 17 and 25) give path, mode and
 * the stream it came from; reads, writes and transfers add bytes; closing ends it.
 */
final class FileChannelInstrumentation {

  private FileChannelInstrumentation() {}

  static AgentBuilder.Transformer transformer() {
    return (b, type, loader, module, domain) ->
        b.visit(Advice.to(OpenAdvice.class).on(isConstructor()))
            .visit(Advice.to(IntReadAdvice.class).on(isPublic().and(named("read")).and(returns(int.class))))
            .visit(Advice.to(LongReadAdvice.class).on(isPublic().and(named("read")).and(returns(long.class))))
            .visit(Advice.to(IntWriteAdvice.class).on(isPublic().and(named("write")).and(returns(int.class))))
            .visit(Advice.to(LongWriteAdvice.class).on(isPublic().and(named("write")).and(returns(long.class))))
            .visit(Advice.to(TransferToAdvice.class).on(isPublic().and(named("transferTo")).and(takesArguments(3))))
            .visit(
                Advice.to(TransferFromAdvice.class).on(isPublic().and(named("transferFrom")).and(takesArguments(3))))
            .visit(Advice.to(CloseAdvice.class).on(named("implCloseChannel").and(takesArguments(0))));
  }

  static final class OpenAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.This Object self,
        @Advice.FieldValue("path") String path,
        @Advice.FieldValue("readable") boolean readable,
        @Advice.FieldValue("writable") boolean writable,
        @Advice.FieldValue(value = "parent", typing = Assigner.Typing.DYNAMIC) Object parent,
        @Advice.Enter long start) {
      FileIo.channelOpened(self, path, readable, writable, parent, start);
    }
  }

  static final class IntReadAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Return int n, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else {
        FileIo.read(self, n);
      }
    }
  }

  static final class LongReadAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Return long n, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else {
        FileIo.read(self, n);
      }
    }
  }

  static final class IntWriteAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Return int n, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else {
        FileIo.wrote(self, n);
      }
    }
  }

  static final class LongWriteAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Return long n, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else {
        FileIo.wrote(self, n);
      }
    }
  }

  /** transferTo(position, count, target): this channel is read, the target written. */
  static final class TransferToAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object self, @Advice.Argument(2) Object target) {
      return FileIo.transferEnter(self, target);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token, @Advice.Return long n, @Advice.Thrown Throwable thrown) {
      FileIo.transferExit(token, n, thrown);
    }
  }

  /** transferFrom(source, position, count): the source is read, this channel written. */
  static final class TransferFromAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object self, @Advice.Argument(0) Object source) {
      return FileIo.transferEnter(source, self);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token, @Advice.Return long n, @Advice.Thrown Throwable thrown) {
      FileIo.transferExit(token, n, thrown);
    }
  }

  static final class CloseAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self) {
      FileIo.closed(self);
    }
  }
}
