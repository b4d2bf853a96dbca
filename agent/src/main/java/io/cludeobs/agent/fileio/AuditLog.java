package io.cludeobs.agent.fileio;

import io.cludeobs.agent.store.AuditChain;
import io.cludeobs.agent.store.LocalStoreFiles.Signal;
import io.cludeobs.agent.store.LocalStoreWriter;
import io.cludeobs.agent.tracing.ToolCallAudit;
import io.cludeobs.bootstrap.FileIo;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.Locale;

/**
 * The audit log: one JSON object per line under {@code data_dir/audit/}, for each finished tool call
 * and each file change made inside one. The path is shown per the path mode; contents are never
 * written. Lines are hash-chained per file (see {@link AuditChain}); one file series per process, as
 * the store keeps. A tool call only leaves a small event in a bounded lock-free queue; one writer
 * thread, which wakes every {@value #DRAIN_MILLIS} ms, formats, hashes and appends, so neither the
 * formatting nor a slow or full disk holds up the application. A full queue drops the event and
 * says so once.
 */
final class AuditLog implements ToolCallAudit {

  /**
   * Lines waiting for the writer; a tool call makes one, each change inside it one more. About 80
   * bytes each while queued, so at most about 5 MiB.
   */
  static final int QUEUE_CAPACITY = 65_536;

  private final LocalStoreWriter writer;
  private final String sessionId;
  private final Consumer<String> problems;
  /** How often the writer looks for new events; the application never wakes it. */
  static final long DRAIN_MILLIS = 20;

  /** {@code byte[]} (a formatted file-change line) or {@link ToolCallEvent}. */
  private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong offered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  // written by the writer thread only; read by flush
  private volatile long done;
  private final Thread thread;
  private volatile boolean closed;
  // set after the last flush: the writer ends without being interrupted mid-write
  private volatile boolean stopping;
  // the writer thread's own digest
  private final MessageDigest sha = AuditChain.sha256();

  // guarded by this: where the chain stands after the last line written
  private Path chainFile;
  private String prevHash;
  private long nextSeq;
  // guarded by this: the line being written, adopted once the write succeeds
  private Path pendingFile;
  private String pendingHash;
  private long pendingSeq;

  AuditLog(LocalStoreWriter writer, String sessionId) {
    this(writer, sessionId, line -> {});
  }

  AuditLog(LocalStoreWriter writer, String sessionId, Consumer<String> problems) {
    this.writer = writer;
    this.sessionId = sessionId;
    this.problems = problems;
    // "clude-obs" names keep the writer's own file I/O out of the recording
    this.thread = new Thread(this::drain, "clude-obs-audit");
    thread.setDaemon(true);
    thread.start();
  }

  static AuditLog create(Path dataDir, long maxFileBytes, Consumer<String> problems, String sessionId) {
    return new AuditLog(
        LocalStoreWriter.create(dataDir, Signal.AUDIT, maxFileBytes, problems, Instant.now()), sessionId, problems);
  }

  /**
   * Appends one event.
   *
   * @param context the span the change belongs to, or an invalid context outside traces
   * @param bytes bytes written, or a negative number when not known or not meaningful
   */
  void record(Instant time, SpanContext context, FileOperation op, String path, String targetPath, long bytes) {
    StringBuilder b = head(time, context, op.spanName);
    b.append(",\"path\":");
    string(b, path);
    if (targetPath != null) {
      b.append(",\"target_path\":");
      string(b, targetPath);
    }
    b.append(",\"bytes\":");
    if (bytes >= 0) {
      b.append(bytes);
    } else {
      b.append("null");
    }
    b.append('}');
    write(b);
  }

  /** Appends a {@code tool.call} event; called on the application's thread as each tool call returns. */
  @Override
  public void toolCallEnded(String toolName, SpanContext context, long durationNanos, String errorType) {
    enqueue(new ToolCallEvent(System.currentTimeMillis(), null, toolName, context, durationNanos, errorType));
  }

  void toolCall(Instant time, String toolName, SpanContext context, long durationNanos, String errorType) {
    enqueue(new ToolCallEvent(0, time, toolName, context, durationNanos, errorType));
  }

  /** A finished tool call, formatted on the writer thread. */
  private static final class ToolCallEvent {
    final long epochMillis;
    final Instant time;
    final String toolName;
    final SpanContext context;
    final long durationNanos;
    final String errorType;

    ToolCallEvent(
        long epochMillis, Instant time, String toolName, SpanContext context, long durationNanos, String errorType) {
      this.epochMillis = epochMillis;
      this.time = time;
      this.toolName = toolName;
      this.context = context;
      this.durationNanos = durationNanos;
      this.errorType = errorType;
    }
  }

  private byte[] format(ToolCallEvent e) {
    Instant time = e.time != null ? e.time : Instant.ofEpochMilli(e.epochMillis);
    String toolName = e.toolName;
    SpanContext context = e.context;
    long durationNanos = e.durationNanos;
    String errorType = e.errorType;
    StringBuilder b = head(time, context, "tool.call");
    b.append(",\"tool\":");
    string(b, toolName);
    b.append(",\"status\":").append(errorType == null ? "\"ok\"" : "\"error\"");
    if (errorType != null) {
      b.append(",\"error_type\":");
      string(b, errorType);
    }
    b.append(",\"duration_ms\":").append(String.format(Locale.ROOT, "%.3f", durationNanos / 1e6));
    b.append('}');
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Everything after {@code seq} and {@code prev}, up to and including the event name. */
  private StringBuilder head(Instant time, SpanContext context, String event) {
    StringBuilder b = new StringBuilder(256);
    b.append("\"timestamp\":");
    string(b, time.toString());
    b.append(",\"trace_id\":");
    string(b, context.isValid() ? context.getTraceId() : null);
    b.append(",\"span_id\":");
    string(b, context.isValid() ? context.getSpanId() : null);
    b.append(",\"session_id\":");
    string(b, sessionId);
    b.append(",\"event\":");
    string(b, event);
    return b;
  }

  /** Queues a formatted file-change line; never blocks. */
  private void write(StringBuilder body) {
    enqueue(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void enqueue(Object event) {
    if (closed) {
      return;
    }
    if (queued.incrementAndGet() > QUEUE_CAPACITY) {
      queued.decrementAndGet();
      if (dropped.getAndIncrement() == 0) {
        problems.accept(
            "audit log: " + QUEUE_CAPACITY + " lines waiting for the disk; dropping audit lines until it catches up"
                + " (is the disk under the data dir slow or full?)");
      }
      return;
    }
    // counted before it is visible, so flush never sees it written before it was offered
    offered.incrementAndGet();
    queue.offer(event);
  }

  private void drain() {
    FileIo.suppress();
    try {
      while (!stopping) {
        Object event;
        while ((event = queue.poll()) != null) {
          queued.decrementAndGet();
          try {
            append(event instanceof ToolCallEvent ? format((ToolCallEvent) event) : (byte[]) event);
          } catch (RuntimeException e) {
            problems.accept("audit log: could not write a line (" + e + ")");
          }
          done++;
        }
        LockSupport.parkNanos(this, DRAIN_MILLIS * 1_000_000L);
      }
    } finally {
      FileIo.unsuppress();
    }
  }

  private void append(byte[] rest) {
    try {
      if (writer.append((file, offset) -> chained(file, offset, rest))) {
        chainFile = pendingFile;
        prevHash = pendingHash;
        nextSeq = pendingSeq + 1;
      }
    } catch (RuntimeException e) {
      problems.accept("audit log: could not write a line (" + e + ")");
    }
  }

  /** Waits until every line queued so far is written, or {@code timeout} passes; true if written. */
  boolean flush(Duration timeout) {
    long target = offered.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (done < target) {
      if (System.nanoTime() - deadline >= 0 || !thread.isAlive()) {
        return false;
      }
      LockSupport.unpark(thread);
      LockSupport.parkNanos(1_000_000);
    }
    return true;
  }

  /** Lines dropped because the queue was full. */
  long dropped() {
    return dropped.get();
  }

  /** The line with its place in the chain of {@code file}, which may be new (rotation) or left by an earlier writer. */
  private byte[] chained(Path file, long offset, byte[] rest) throws IOException {
    String prev;
    long seq;
    if (file.equals(chainFile)) {
      prev = prevHash;
      seq = nextSeq;
    } else if (offset == 0) {
      prev = AuditChain.genesis(file.getFileName().toString());
      seq = 1;
    } else {
      AuditChain.Tail tail = AuditChain.tail(file);
      prev = tail.prev;
      seq = tail.nextSeq;
    }
    byte[] head = ("{\"seq\":" + seq + ",\"prev\":\"" + prev + "\",").getBytes(StandardCharsets.US_ASCII);
    byte[] line = new byte[head.length + rest.length];
    System.arraycopy(head, 0, line, 0, head.length);
    System.arraycopy(rest, 0, line, head.length, rest.length);
    pendingFile = file;
    pendingHash = AuditChain.hash(sha, line, line.length);
    pendingSeq = seq;
    return line;
  }

  /** Writes what is queued (for at most {@code timeout}), stops the writer and closes the file. */
  void close(Duration timeout) {
    if (closed) {
      return;
    }
    closed = true;
    flush(timeout);
    stopping = true;
    LockSupport.unpark(thread);
    try {
      thread.join(timeout.toMillis() + 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.close();
  }

  void close() {
    close(Duration.ofSeconds(5));
  }

  static void string(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }
}
