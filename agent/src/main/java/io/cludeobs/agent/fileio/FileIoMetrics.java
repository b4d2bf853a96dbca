package io.cludeobs.agent.fileio;

import io.opentelemetry.context.Context;

/**
 * Where a file operation's two measurements go: {@code clude.file.operation.duration} and {@code
 * clude.file.io.size}, by operation.
 */
interface FileIoMetrics {

  /**
   * One operation: its duration always, under {@code error.type} when {@code errorType} is not null;
   * its size by operation alone when {@code bytes} is not negative. {@code exemplar} is the context
   * the operation ran in when it was kept (a sampled one gives the exemplar), else null.
   */
  void record(FileOperation op, String errorType, long nanos, long bytes, Context exemplar);
}
