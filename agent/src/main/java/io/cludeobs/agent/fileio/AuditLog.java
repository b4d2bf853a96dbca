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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The audit log: one JSON object per line under {@code data_dir/audit/}, for each finished tool call
 * and each file change made inside one. The path is shown per the path mode; contents are never
 * written. Lines are hash-chained per file (see {@link AuditChain}); one file series per process, as
 * the store keeps. A tool call only fills a slot of a fixed, striped ring ({@link ToolCallRing}: one
 * compare-and-set, no allocation, no clock read of its own); a file change, rarer and already
 * formatted, goes through a bounded lock-free queue. One writer thread takes both, puts the batch in
 * time order, formats, hashes and appends it with one write, so neither the formatting nor a slow or
 * full disk holds up the application. The writer wakes every {@value #NAP_MILLIS} ms, or sooner when
 * a stripe of the ring or the queue fills to a quarter: an idle application pays one wake-up a
 * second, a busy one never fills the ring between two passes. A full ring or queue drops the event
 * and says so once.
 */
final class AuditLog implements ToolCallAudit {

  /** File-change lines waiting for the writer; about 200 bytes each while queued, so at most about 3 MiB. */
  static final int QUEUE_CAPACITY = 16_384;
  /**
   * Tool calls waiting for the writer, in all stripes together: about 40 bytes a slot, allocated
   * once (about 1.3 MiB).
   */
  static final int RING_CAPACITY = 32_768;

  private final LocalStoreWriter writer;
  private final String sessionId;
  private final Consumer<String> problems;
  /**
   * How long the writer sleeps between passes unless woken. Each wake-up costs tens of microseconds of CPU on a
   * virtual machine, and an idle writer that woke every 15 ms used 0.7 % of a core here; lines reach the file
   * within this time (or at a flush). With profiling on, JFR records one park event per nap (over its 20 ms
   * threshold): one a second.
   */
  static final long NAP_MILLIS = 1000;
  /** The writer is woken each time this many file changes have been queued. */
  private static final int QUEUE_WAKE_EVERY = QUEUE_CAPACITY / 4;

  /** File-change lines and tool calls given with their time (not from the hot path). */
  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final ToolCallRing ring;
  private final AtomicLong dropped = new AtomicLong();
  // written by the writer thread only, after each complete pass over the queue and the ring; read by flush
  private volatile long passes;
  private final Thread thread;
  private volatile boolean closed;
  // set after the last flush: the writer ends without being interrupted mid-write
  private volatile boolean stopping;
  // the writer thread's own digest
  private final MessageDigest sha = AuditChain.sha256();
  // the writer thread's reused buffers: the events of one pass, their formatted lines, and the lines as a chain
  private final List<Pending> batch = new ArrayList<>();
  private final List<byte[]> lines = new ArrayList<>();
  private final ChainedLines chain = new ChainedLines();

  // writer thread only: where the chain stands after the last line placed; chainFile null when not known
  private Path chainFile;
  private String prevHash;
  private long nextSeq;
  // writer thread only: the line being placed, adopted once it has its place
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
    this.ring = new ToolCallRing(RING_CAPACITY, this::wake);
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
    StringBuilder b = head(time.toEpochMilli(), context, op.spanName);
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

  /**
   * Appends a {@code tool.call} event; called on the application's thread as each tool call returns.
   * Its timestamp is worked out on the writer thread from {@code endNanos}, to the millisecond.
   */
  @Override
  public void toolCallEnded(long endNanos, String toolName, SpanContext context, long durationNanos, String errorType) {
    if (closed) {
      return;
    }
    // a full ring needs no wake-up: the calls that filled its stripes' quarters woke the writer already, and a
    // wake-up on every refused call cost a busy caller about 35 ns each
    if (!ring.offer(endNanos, toolName, context, durationNanos, errorType)) {
      droppedOne();
    }
  }

  private void wake() {
    LockSupport.unpark(thread);
  }

  /** Appends a {@code tool.call} event with a given time. */
  void toolCall(Instant time, String toolName, SpanContext context, long durationNanos, String errorType) {
    enqueue(new Pending(System.nanoTime(), time.toEpochMilli(), toolName, context, durationNanos, errorType, null));
  }

  /** One line to write: a formatted file change, or a tool call formatted on the writer thread. */
  private static final class Pending {
    /** {@link System#nanoTime()} of the event, for the batch's order. */
    final long order;
    final long epochMillis;
    final String toolName;
    final SpanContext context;
    final long durationNanos;
    final String errorType;
    final byte[] line;

    Pending(
        long order, long epochMillis, String toolName, SpanContext context, long durationNanos, String errorType,
        byte[] line) {
      this.order = order;
      this.epochMillis = epochMillis;
      this.toolName = toolName;
      this.context = context;
      this.durationNanos = durationNanos;
      this.errorType = errorType;
      this.line = line;
    }
  }

  private byte[] format(Pending e) {
    if (e.line != null) {
      return e.line;
    }
    StringBuilder b = head(e.epochMillis, e.context, "tool.call");
    b.append(",\"tool\":");
    string(b, e.toolName);
    b.append(",\"status\":").append(e.errorType == null ? "\"ok\"" : "\"error\"");
    if (e.errorType != null) {
      b.append(",\"error_type\":");
      string(b, e.errorType);
    }
    b.append(",\"duration_ms\":");
    millis(b, e.durationNanos);
    b.append('}');
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code nanos} as milliseconds with three decimals, rounded half up (as {@code %.3f} would, without its cost). */
  static void millis(StringBuilder b, long nanos) {
    long micros = (Math.max(nanos, 0) + 500) / 1000;
    b.append(micros / 1000).append('.');
    long frac = micros % 1000;
    if (frac < 100) {
      b.append('0');
    }
    if (frac < 10) {
      b.append('0');
    }
    b.append(frac);
  }

  /** Everything after {@code seq} and {@code prev}, up to and including the event name. */
  private StringBuilder head(long epochMillis, SpanContext context, String event) {
    StringBuilder b = new StringBuilder(256);
    b.append("\"timestamp\":\"");
    IsoMillis.append(b, epochMillis);
    b.append('"');
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
    enqueue(new Pending(System.nanoTime(), 0, null, null, 0, null, body.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private void enqueue(Pending event) {
    if (closed) {
      return;
    }
    int n = queued.incrementAndGet();
    if (n > QUEUE_CAPACITY) {
      queued.decrementAndGet();
      droppedOne();
      return;
    }
    queue.offer(event);
    if (n % QUEUE_WAKE_EVERY == 0) {
      wake();
    }
  }

  private void droppedOne() {
    if (dropped.getAndIncrement() == 0) {
      problems.accept(
          "audit log: events arrive faster than the disk takes them; dropping audit lines until it catches up"
              + " (is the disk under the data dir slow or full?)");
    }
  }

  private void drain() {
    FileIo.suppress();
    try {
      while (!stopping) {
        pass();
        LockSupport.parkNanos(this, NAP_MILLIS * 1_000_000L);
      }
    } finally {
      FileIo.unsuppress();
    }
  }

  /**
   * Takes everything queued and in the ring and writes it in time order. A method of its own so that the JIT
   * compiles it after a few hundred passes: the body of the endless loop above would wait for on-stack replacement,
   * which its few iterations a second never reach, and ran interpreted.
   */
  private void pass() {
    long pass = passes;
    Pending event;
    while ((event = queue.poll()) != null) {
      queued.decrementAndGet();
      batch.add(event);
    }
    // the ring's times are monotonic; one wall-clock reading per pass turns them into timestamps
    long nowNanos = System.nanoTime();
    long nowMillis = System.currentTimeMillis();
    ring.drain(
        (end, name, context, duration, error) ->
            batch.add(
                new Pending(
                    end, nowMillis - Math.floorDiv(nowNanos - end, 1_000_000L), name, context, duration, error,
                    null)));
    if (!batch.isEmpty()) {
      // threads publish independently: the lines of one pass go out in the order the events happened
      batch.sort(BY_ORDER);
      lines.clear();
      for (Pending p : batch) {
        try {
          lines.add(format(p));
        } catch (RuntimeException e) {
          problems.accept("audit log: could not format a line (" + e + ")");
        }
      }
      batch.clear();
      chain.start();
      if (writer.appendAll(chain) < lines.size()) {
        // lines were dropped: the file's last line, not this writer's memory, says where the chain stands
        chainFile = null;
      }
      lines.clear();
    }
    passes = pass + 1;
  }

  private static final Comparator<Pending> BY_ORDER = (a, b) -> Long.compare(a.order - b.order, 0);

  /** Waits until every line queued so far is written, or {@code timeout} passes; true if written. */
  boolean flush(Duration timeout) {
    // the pass under way may have looked at the ring before this call's events were there: wait for the next one
    long target = passes + 2;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (passes < target) {
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

  /** The formatted lines of one pass, chained as the writer places them. Writer thread only. */
  private final class ChainedLines implements LocalStoreWriter.LineSeries {
    private int next;

    void start() {
      next = 0;
    }

    @Override
    public boolean hasNext() {
      return next < lines.size();
    }

    @Override
    public byte[] next(Path file, long offset) throws IOException {
      return chained(file, offset, lines.get(next));
    }

    @Override
    public void placed() {
      // adopted when placed: the next line of the batch chains to this one
      chainFile = pendingFile;
      prevHash = pendingHash;
      nextSeq = pendingSeq + 1;
      next++;
    }
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
