package io.cludeobs.instrumentation.fileio;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.cludeobs.bootstrap.FileIo;
import java.io.File;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code FileInputStream}, {@code FileOutputStream} and {@code RandomAccessFile}: the constructor
 * that opens registers the object, the public single-byte and array reads and writes add bytes
 * (they only call natives or private helpers, so nothing is counted twice), close ends it.
 */
final class FileStreamInstrumentation {

  private FileStreamInstrumentation() {}

  static AgentBuilder.Transformer inputStream() {
    return (b, type, loader, module, domain) ->
        b.visit(Advice.to(OpenReadAdvice.class).on(isConstructor().and(takesArguments(File.class))))
            .visit(Advice.to(OpenFailedReadAdvice.class).on(isPrivate().and(named("open")).and(takesArguments(String.class))))
            .visit(READ_BYTE)
            .visit(READ_ARRAY)
            .visit(Advice.to(CloseAdvice.class).on(isPublic().and(named("close")).and(takesArguments(0))));
  }

  static AgentBuilder.Transformer outputStream() {
    return (b, type, loader, module, domain) ->
        b.visit(
                Advice.to(OpenWriteAdvice.class)
                    .on(isConstructor().and(takesArguments(File.class, boolean.class))))
            .visit(
                Advice.to(OpenFailedWriteAdvice.class)
                    .on(isPrivate().and(named("open")).and(takesArguments(String.class, boolean.class))))
            .visit(WRITE_BYTE)
            .visit(WRITE_ARRAY)
            .visit(WRITE_RANGE)
            .visit(Advice.to(CloseAdvice.class).on(isPublic().and(named("close")).and(takesArguments(0))));
  }

  static AgentBuilder.Transformer randomAccessFile() {
    return (b, type, loader, module, domain) ->
        b.visit(
                Advice.to(OpenRandomAccessAdvice.class)
                    .on(isConstructor().and(takesArguments(File.class, String.class, boolean.class))))
            .visit(
                Advice.to(OpenFailedRandomAccessAdvice.class)
                    .on(isPrivate().and(named("open")).and(takesArguments(String.class, int.class))))
            .visit(READ_BYTE)
            .visit(READ_ARRAY)
            .visit(WRITE_BYTE)
            .visit(WRITE_ARRAY)
            .visit(WRITE_RANGE)
            .visit(Advice.to(CloseAdvice.class).on(isPublic().and(named("close")).and(takesArguments(0))));
  }

  private static final AsmVisitorWrapper READ_BYTE =
      Advice.to(ReadByteAdvice.class).on(isPublic().and(named("read")).and(takesArguments(0)));
  private static final AsmVisitorWrapper READ_ARRAY =
      Advice.to(ReadArrayAdvice.class)
          .on(
              isPublic()
                  .and(named("read"))
                  .and(returns(int.class))
                  .and(takesArguments(byte[].class).or(takesArguments(byte[].class, int.class, int.class))));
  private static final AsmVisitorWrapper WRITE_BYTE =
      Advice.to(WriteByteAdvice.class).on(isPublic().and(named("write")).and(takesArguments(int.class)));
  private static final AsmVisitorWrapper WRITE_ARRAY =
      Advice.to(WriteArrayAdvice.class).on(isPublic().and(named("write")).and(takesArguments(byte[].class)));
  private static final AsmVisitorWrapper WRITE_RANGE =
      Advice.to(WriteRangeAdvice.class)
          .on(isPublic().and(named("write")).and(takesArguments(byte[].class, int.class, int.class)));

  static final class OpenReadAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.FieldValue("path") String path, @Advice.Enter long start) {
      FileIo.opened(self, path, FileIo.MODE_READ, start);
    }
  }

  static final class OpenWriteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.FieldValue("path") String path, @Advice.Enter long start) {
      FileIo.opened(self, path, FileIo.MODE_WRITE, start);
    }
  }

  static final class OpenRandomAccessAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.This Object self,
        @Advice.FieldValue("path") String path,
        @Advice.Argument(1) String mode,
        @Advice.Enter long start) {
      FileIo.opened(self, path, "r".equals(mode) ? FileIo.MODE_READ : FileIo.MODE_READ_WRITE, start);
    }
  }

  // Byte Buddy cannot catch exceptions thrown in constructors; the private open(...) they call can.
  static final class OpenFailedReadAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) String path, @Advice.Enter long start, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.openFailed(path, FileIo.MODE_READ, start, thrown);
      }
    }
  }

  static final class OpenFailedWriteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Argument(0) String path, @Advice.Enter long start, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.openFailed(path, FileIo.MODE_WRITE, start, thrown);
      }
    }
  }

  static final class OpenFailedRandomAccessAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static long enter() {
      return System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Argument(0) String path,
        @Advice.Argument(1) int mode,
        @Advice.Enter long start,
        @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        // RandomAccessFile.O_RDWR is 2
        FileIo.openFailed(path, (mode & 2) != 0 ? FileIo.MODE_READ_WRITE : FileIo.MODE_READ, start, thrown);
      }
    }
  }

  static final class ReadByteAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Return int value, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else if (value >= 0) {
        FileIo.read(self, 1);
      }
    }
  }

  static final class ReadArrayAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Return int n, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else {
        FileIo.read(self, n);
      }
    }
  }

  static final class WriteByteAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else {
        FileIo.wrote(self, 1);
      }
    }
  }

  static final class WriteArrayAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Argument(0) byte[] b, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else {
        FileIo.wrote(self, b.length);
      }
    }
  }

  static final class WriteRangeAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self, @Advice.Argument(2) int len, @Advice.Thrown Throwable thrown) {
      if (thrown != null) {
        FileIo.failed(self, thrown);
      } else {
        FileIo.wrote(self, len);
      }
    }
  }

  static final class CloseAdvice {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object self) {
      FileIo.closed(self);
    }
  }
}
