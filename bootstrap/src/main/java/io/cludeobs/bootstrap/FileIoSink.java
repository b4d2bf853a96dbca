package io.cludeobs.bootstrap;

/**
 * What {@link FileIo} hands file operations to once the agent has started; the agent installs the
 * implementation. Implementations never throw. Calls come with the thread's file-I/O guard held, so
 * file operations the implementation itself makes are not observed, except {@link #closed}: it is on
 * the path of every close, so it runs unguarded and must wrap any file I/O of its own in {@link
 * FileIo#suppress()} and {@link FileIo#unsuppress()}.
 */
public interface FileIoSink {

  /**
   * A stream, random-access file or channel was opened.
   *
   * @param path the path as the JDK holds it (possibly relative)
   * @param mode {@link FileIo#MODE_READ}, {@link FileIo#MODE_WRITE} or {@link FileIo#MODE_READ_WRITE}
   * @return the state to keep until it is closed, or null to not track it (excluded path)
   */
  Object opened(String path, int mode);

  /** Opening failed: one failed operation of {@code mode}, timed from {@code startNanos}. */
  void openFailed(String path, int mode, long startNanos, Throwable thrown);

  /** The handle of {@code op} was closed (called once per {@link FileOp}, without the guard). */
  void closed(FileOp op, long endNanos);

  /**
   * A whole-file operation of {@link java.nio.file.Files} starts.
   *
   * @param operation one of the {@code FileIo.OP_*} constants
   * @param first the method's first argument (a path, or the source stream of a copy)
   * @param second the second argument (the target of a copy or move) or null
   * @return a token for {@link #operationExit}, or null to record nothing
   */
  Object operationEnter(int operation, Object first, Object second);

  /** The operation of {@code token} ended; {@code returned} is its result (boxed) or null. */
  void operationExit(Object token, long startNanos, Object returned, Throwable thrown);
}
