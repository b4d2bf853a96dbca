package io.cludeobs.instrumentation.fileio;

import static net.bytebuddy.matcher.ElementMatchers.named;

import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * The file-I/O instrumentation: the JDK's file streams, {@code RandomAccessFile}, the file channel
 * and {@code java.nio.file.Files}. Their classes are loaded before any agent, so the builder given
 * must retransform; the advice calls {@code io.cludeobs.bootstrap.FileIo}, which must be on the
 * bootstrap class path and readable from {@code java.base}.
 */
public final class FileIoInstrumentation {

  /** The types this instrumentation transforms, for the caller's retransformation list. */
  public static final String[] TYPES = {
    "java.io.FileInputStream",
    "java.io.FileOutputStream",
    "java.io.RandomAccessFile",
    "sun.nio.ch.FileChannelImpl",
    "java.nio.file.Files"
  };

  private FileIoInstrumentation() {}

  /** Adds every file-I/O transformation to {@code builder}. */
  public static AgentBuilder apply(AgentBuilder builder) {
    return builder
        .type(named("java.io.FileInputStream"))
        .transform(FileStreamInstrumentation.inputStream())
        .type(named("java.io.FileOutputStream"))
        .transform(FileStreamInstrumentation.outputStream())
        .type(named("java.io.RandomAccessFile"))
        .transform(FileStreamInstrumentation.randomAccessFile())
        .type(named("sun.nio.ch.FileChannelImpl"))
        .transform(FileChannelInstrumentation.transformer())
        .type(named("java.nio.file.Files"))
        .transform(FilesInstrumentation.transformer());
  }
}
