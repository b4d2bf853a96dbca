package io.cludeobs.instrumentation.fileio;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.cludeobs.bootstrap.FileIo;
import java.lang.invoke.MethodHandles;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code sun.nio.ch.FileChannelImpl}, behind {@code FileChannel.open} and most of {@code Files}: its
 * fields (not its constructor's parameters, which differ between JDK 17 and 25) give path, mode and
 * the stream it came from; reads, writes and transfers add bytes; closing ends it. The per-handle
 * state lives in its private {@code positionLock} where the JDK has one (11 to 25), otherwise in
 * {@code FileIo}'s table of open handles.
 */
final class FileChannelInstrumentation {

  private FileChannelInstrumentation() {}

  static final String LOCK = "positionLock";

  static AgentBuilder.Transformer transformer() {
    return (b, type, loader, module, domain) -> {
      if (LockField.present(type, LOCK)) {
        return b.visit(Advice.to(LockedOpenAdvice.class).on(isConstructor()))
            .visit(Advice.to(LockedIntReadAdvice.class).on(isPublic().and(named("read")).and(returns(int.class))))
            .visit(Advice.to(LockedLongReadAdvice.class).on(isPublic().and(named("read")).and(returns(long.class))))
            .visit(Advice.to(LockedIntWriteAdvice.class).on(isPublic().and(named("write")).and(returns(int.class))))
            .visit(Advice.to(LockedLongWriteAdvice.class).on(isPublic().and(named("write")).and(returns(long.class))))
            .visit(
                Advice.to(LockedTransferToAdvice.class).on(isPublic().and(named("transferTo")).and(takesArguments(3))))
            .visit(
                Advice.to(LockedTransferFromAdvice.class)
                    .on(isPublic().and(named("transferFrom")).and(takesArguments(3))))
            .visit(Advice.to(LockedCloseAdvice.class).on(named("implCloseChannel").and(takesArguments(0))));
      }
      return b.visit(Advice.to(OpenAdvice.class).on(isConstructor()))
          .visit(Advice.to(IntReadAdvice.class).on(isPublic().and(named("read")).and(returns(int.class))))
          .visit(Advice.to(LongReadAdvice.class).on(isPublic().and(named("read")).and(returns(long.class))))
          .visit(Advice.to(IntWriteAdvice.class).on(isPublic().and(named("write")).and(returns(int.class))))
          .visit(Advice.to(LongWriteAdvice.class).on(isPublic().and(named("write")).and(returns(long.class))))
          .visit(Advice.to(TransferToAdvice.class).on(isPublic().and(named("transferTo")).and(takesArguments(3))))
          .visit(
              Advice.to(TransferFromAdvice.class).on(isPublic().and(named("transferFrom")).and(takesArguments(3))))
          .visit(Advice.to(CloseAdvice.class).on(named("implCloseChannel").and(takesArguments(0))));
    };
  }

  static final class OpenAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      // a channel's file is opened before its constructor runs: no failed open to time later
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

  // With the lock field: see FileStreamInstrumentation; positionLock is the channel's monitor.

  static final class LockedOpenAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      // a channel's file is opened before its constructor runs: no failed open to time later
      return System.nanoTime();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.FieldValue("path") String path,
        @Advice.FieldValue("readable") boolean readable,
        @Advice.FieldValue("writable") boolean writable,
        @Advice.FieldValue(value = "parent", typing = Assigner.Typing.DYNAMIC) Object parent,
        @Advice.FieldValue(value = LOCK, readOnly = false) Object lock,
        @Advice.Enter long start) {
      lock = FileIo.channelOpenedWithLock(path, readable, writable, parent, start, lock);
    }
  }

  static final class LockedIntReadAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue(LOCK) Object lock, @Advice.Return int n, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failedWithLock(lock, thrown);
      } else {
        FileIo.readWithLock(lock, n);
      }
    }
  }

  static final class LockedLongReadAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue(LOCK) Object lock, @Advice.Return long n, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failedWithLock(lock, thrown);
      } else {
        FileIo.readWithLock(lock, n);
      }
    }
  }

  static final class LockedIntWriteAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue(LOCK) Object lock, @Advice.Return int n, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failedWithLock(lock, thrown);
      } else {
        FileIo.wroteWithLock(lock, n);
      }
    }
  }

  static final class LockedLongWriteAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue(LOCK) Object lock, @Advice.Return long n, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failedWithLock(lock, thrown);
      } else {
        FileIo.wroteWithLock(lock, n);
      }
    }
  }

  /**
   * transferTo(position, count, target). Advice reads only this instance's fields, so the lookup of
   * the channel class (taken here, inside it) lets FileIo read the other channel's lock field.
   */
  static final class LockedTransferToAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.FieldValue(LOCK) Object lock, @Advice.Argument(2) Object target) {
      return FileIo.transferEnterWithLock(lock, target, MethodHandles.lookup(), true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token, @Advice.Return long n, @Advice.Thrown Throwable thrown) {
      FileIo.transferExit(token, n, thrown);
    }
  }

  /** transferFrom(source, position, count). */
  static final class LockedTransferFromAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.FieldValue(LOCK) Object lock, @Advice.Argument(0) Object source) {
      return FileIo.transferEnterWithLock(lock, source, MethodHandles.lookup(), false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object token, @Advice.Return long n, @Advice.Thrown Throwable thrown) {
      FileIo.transferExit(token, n, thrown);
    }
  }

  static final class LockedCloseAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.FieldValue(LOCK) Object lock) {
      FileIo.closedWithLock(lock);
    }
  }
}
