package io.cludeobs.agent.export;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Queues ended sampled spans in a bounded queue and exports them in batches from one daemon thread; a full
 * queue drops the span and counts it, never blocking the app thread.
 *
 * <p>We write our own instead of the SDK's BatchSpanProcessor because we need the drop count as a value we can
 * report and a rate-limited line telling the user which setting to raise; the SDK only logs through JUL.
 */
public final class BatchingSpanProcessor implements SpanProcessor {

  static final String WORKER_NAME = "clude-obs-span-export";
  static final long DROP_LOG_EVERY_MILLIS = 60_000;
  /**
   * Exports open at once while more than a batch is queued. One at a time caps throughput at batch size per round
   * trip (100 spans per 1 ms request is exactly the 100,000 spans/s target). While the JIT is still compiling the
   * exporter and the HTTP client, a request takes 2 to 5 ms on a busy 2-core machine, and four open exports then
   * let the 2,048-span queue overflow at 100,000 spans/s; eight did not (benchmarks/throughput). Eight batches of
   * 100 spans are little memory. Synchronous exporters finish before the next starts anyway.
   */
  public static final int MAX_IN_FLIGHT = 8;
  private static final long NO_DROP = Long.MIN_VALUE;
  /** The worker's shortest nap while spans arrive fast: it then wakes itself instead of being woken. */
  static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /** Naps longer than this (spans arrive slowly) end when a producer fills a batch instead. */
  static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final SpanExporter exporter;
  private final int batchSize;
  private final int queueSize;
  private final long intervalNanos;
  private final long exporterTimeoutNanos;
  private final Consumer<String> log;
  private final Clock clock;

  // Unbounded lock-free queue bounded by the counter: offer never takes a lock the worker could hold.
  private final ConcurrentLinkedQueue<ReadableSpan> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder exported = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final ConcurrentLinkedQueue<CompletableResultCode> flushRequests = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean shutdownRequested = new AtomicBoolean();
  private final CompletableResultCode shutdownResult = new CompletableResultCode();
  private final Thread worker;

  // Spans move between the queue, the batch being exported and the counters under this lock, so a shutdown that
  // gives up can count what is left exactly once.
  private final Object settle = new Object();
  private int inFlight; // spans drained and not yet counted; guarded by settle
  private boolean gaveUp; // guarded by settle

  /**
   * Whether the worker is napping by itself for a short time because spans arrive fast: producers then do not wake
   * it at each full batch (waking a thread is a system call on the app thread, one call in a hundred at the
   * default batch size: its p99), only when the queue is half full.
   */
  private volatile boolean polling;
  /** Spans taken from the queue so far; the worker's own count, for the arrival rate. */
  private long drainedTotal;

  private final AtomicLong firstUnloggedDropMillis = new AtomicLong(NO_DROP);
  private final AtomicBoolean dropLogBusy = new AtomicBoolean();
  private volatile long nextDropLogMillis = Long.MIN_VALUE;
  private long droppedAtLastLog; // only touched while holding dropLogBusy

  private BatchingSpanProcessor(Builder builder) {
    this.exporter = builder.exporter;
    this.batchSize = builder.batchSize;
    this.queueSize = builder.queueSize;
    this.intervalNanos = builder.exportInterval.toNanos();
    this.exporterTimeoutNanos = builder.exporterTimeout.toNanos();
    this.log = builder.log;
    this.clock = builder.clock;
    this.worker = new Thread(this::work, WORKER_NAME);
    this.worker.setDaemon(true);
  }

  /** A builder exporting to {@code exporter}, which may be a composite of several. */
  public static Builder builder(SpanExporter exporter) {
    return new Builder(exporter);
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (!span.getSpanContext().isSampled() || shutdownRequested.get()) {
      return;
    }
    int size = queued.incrementAndGet();
    if (size > queueSize) {
      queued.decrementAndGet();
      recordDrop();
      return;
    }
    queue.offer(span);
    // once per batch, unless the worker wakes itself soon anyway; it checks the count again before it parks, so it
    // never sleeps on a full batch
    if (polling ? size == (queueSize + 1) / 2 : size % batchSize == 0) {
      LockSupport.unpark(worker);
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /**
   * Exports everything queued and flushes the exporter; the result fails if that takes longer than the exporter
   * timeout or an export fails. If the exporter blocks its calling thread the result stays open: join it with a
   * limit.
   */
  @Override
  public CompletableResultCode forceFlush() {
    if (shutdownRequested.get()) {
      return shutdownResult;
    }
    CompletableResultCode result = new CompletableResultCode();
    flushRequests.add(result);
    LockSupport.unpark(worker);
    return result;
  }

  /**
   * Stops taking spans, exports what is queued within the exporter timeout (what is left then counts as failed)
   * and shuts the exporter down. Idempotent.
   */
  @Override
  public CompletableResultCode shutdown() {
    if (shutdownRequested.compareAndSet(false, true)) {
      LockSupport.unpark(worker);
    }
    return shutdownResult;
  }

  /**
   * {@link #shutdown()} for the JVM exit hook: waits at most {@code limit}, even when the exporter hangs, and
   * returns whether everything queued was exported.
   */
  public boolean shutdown(Duration limit) {
    CompletableResultCode result = shutdown().join(limit.toNanos(), TimeUnit.NANOSECONDS);
    if (!result.isDone()) {
      giveUp(limit);
    }
    return result.isSuccess();
  }

  /**
   * The exporter is still busy (a black-hole or slow collector) when the exit limit is over: count what is queued
   * or being exported as failed, say so in one line, and let the JVM exit; the worker's later results are ignored.
   */
  private void giveUp(Duration limit) {
    int left;
    synchronized (settle) {
      if (gaveUp) {
        return;
      }
      gaveUp = true;
      left = queued.get() + inFlight;
      failed.add(left);
    }
    try {
      log.accept(
          "gave up exporting at exit after clude.obs.tracing.shutdown_timeout="
              + limit.toMillis()
              + "ms: "
              + left
              + " spans queued or being exported are lost and "
              + (dropped.sum() - droppedAtLastLog)
              + " more were dropped since the last report; check OTEL_EXPORTER_OTLP_ENDPOINT and that the"
              + " collector is running, or raise clude.obs.tracing.shutdown_timeout");
    } catch (RuntimeException e) {
      // a broken log sink must not fail the shutdown
    }
  }

  /** Spans dropped because the queue was full. */
  public long droppedSpans() {
    return dropped.sum();
  }

  /** Spans in batches the exporter reported as exported. */
  public long exportedSpans() {
    return exported.sum();
  }

  /**
   * Spans in batches the exporter failed, threw on or did not finish within its timeout, and spans still queued or
   * being exported when {@link #shutdown(Duration)} gave up.
   */
  public long failedSpans() {
    return failed.sum();
  }

  /** Spans waiting in the queue. */
  public int queuedSpans() {
    return queued.get();
  }

  @Override
  public String toString() {
    return "BatchingSpanProcessor{exporter="
        + exporter
        + ", batchSize="
        + batchSize
        + ", queueSize="
        + queueSize
        + ", exportInterval="
        + Duration.ofNanos(intervalNanos)
        + "}";
  }

  private void recordDrop() {
    dropped.increment();
    long now = clock.millis();
    firstUnloggedDropMillis.compareAndSet(NO_DROP, now);
    maybeLogDrops(now);
  }

  // Runs on the dropping app thread (the worker is usually stuck when the queue is full) and on the worker,
  // so drops that came after the last line still get reported once the minute is over.
  private void maybeLogDrops(long now) {
    if (now < nextDropLogMillis || firstUnloggedDropMillis.get() == NO_DROP) {
      return;
    }
    if (!dropLogBusy.compareAndSet(false, true)) {
      return;
    }
    try {
      if (now < nextDropLogMillis) {
        return;
      }
      long total = dropped.sum();
      long count = total - droppedAtLastLog;
      long since = firstUnloggedDropMillis.getAndSet(NO_DROP);
      if (count <= 0 || since == NO_DROP) {
        return;
      }
      droppedAtLastLog = total;
      nextDropLogMillis = now + DROP_LOG_EVERY_MILLIS;
      log.accept(
          "dropped "
              + count
              + " spans since "
              + Instant.ofEpochMilli(since)
              + ": export queue (queue_size="
              + queueSize
              + ") full; raise clude.obs.tracing.queue_size or lower the sampling rate");
    } catch (RuntimeException e) {
      // a broken log sink must not reach the app thread
    } finally {
      dropLogBusy.set(false);
    }
  }

  /** The rate-limited drop line may not have come round again before exit: say what was lost, once. */
  private void reportLossAtExit(int notExported) {
    long unlogged = dropped.sum() - droppedAtLastLog;
    if (unlogged <= 0 && notExported == 0) {
      return;
    }
    try {
      log.accept(
          "at exit: "
              + unlogged
              + " more spans dropped because the export queue (queue_size="
              + queueSize
              + ") was full, and "
              + notExported
              + " queued spans not exported in time; raise clude.obs.tracing.queue_size or"
              + " clude.obs.tracing.shutdown_timeout, or lower the sampling rate");
    } catch (RuntimeException e) {
      // a broken log sink must not fail the shutdown
    }
  }

  private void work() {
    long nextExport = System.nanoTime() + intervalNanos;
    long sinceNanos = System.nanoTime();
    long arrivedBefore = 0;
    while (!shutdownRequested.get()) {
      long now = System.nanoTime();
      if (!flushRequests.isEmpty()) {
        flush();
        nextExport = System.nanoTime() + intervalNanos;
      } else if (now - nextExport >= 0) {
        exportQueued(true, Long.MAX_VALUE);
        nextExport = System.nanoTime() + intervalNanos;
      } else if (queued.get() >= batchSize) {
        exportQueued(false, Long.MAX_VALUE);
      } else {
        maybeLogDrops(clock.millis());
        // nap about as long as the last stretch's arrival rate takes to fill a batch
        long arrived = drainedTotal + queued.get();
        long nap = napNanos(arrived - arrivedBefore, now - sinceNanos);
        arrivedBefore = arrived;
        sinceNanos = now;
        polling = nap <= MAX_POLL_NANOS;
        LockSupport.parkNanos(this, Math.min(polling ? nap : Long.MAX_VALUE, nextExport - now));
      }
    }
    polling = false;
    finish();
  }

  /**
   * How long the worker naps when {@code arrived} spans came in {@code elapsedNanos}: the time a batch takes to fill
   * at that rate, at least {@link #MIN_POLL_NANOS}; above {@link #MAX_POLL_NANOS} it naps until woken instead.
   */
  long napNanos(long arrived, long elapsedNanos) {
    if (arrived <= 0 || elapsedNanos <= 0) {
      return Long.MAX_VALUE;
    }
    double fill = (double) elapsedNanos * batchSize / arrived;
    return fill >= MAX_POLL_NANOS ? Long.MAX_VALUE : Math.max(MIN_POLL_NANOS, (long) fill);
  }

  private void flush() {
    List<CompletableResultCode> requests = new ArrayList<>();
    CompletableResultCode request;
    while ((request = flushRequests.poll()) != null) {
      requests.add(request);
    }
    long deadline = System.nanoTime() + exporterTimeoutNanos;
    boolean ok = exportQueued(true, deadline) && flushExporter(deadline);
    for (CompletableResultCode r : requests) {
      if (ok) {
        r.succeed();
      } else {
        r.fail();
      }
    }
  }

  private void finish() {
    long deadline = System.nanoTime() + exporterTimeoutNanos;
    boolean ok = exportQueued(true, deadline);
    // Past the deadline: whatever is still queued will never be exported.
    List<SpanData> left = drain(Integer.MAX_VALUE);
    boolean counted;
    synchronized (settle) {
      counted = !gaveUp;
      inFlight = 0;
      if (counted) {
        failed.add(left.size());
      }
    }
    ok &= left.isEmpty();
    ok &= shutdownExporter(deadline);
    if (counted) {
      reportLossAtExit(left.size());
    }
    CompletableResultCode request;
    while ((request = flushRequests.poll()) != null) {
      if (ok) {
        request.succeed();
      } else {
        request.fail();
      }
    }
    if (ok) {
      shutdownResult.succeed();
    } else {
      shutdownResult.fail();
    }
  }

  /**
   * Exports full batches, or everything when {@code all}; stops at {@code deadline} (System.nanoTime) and then
   * returns false, leaving the rest queued.
   */
  private boolean exportQueued(boolean all, long deadline) {
    boolean ok = true;
    ArrayDeque<Export> open = new ArrayDeque<>(MAX_IN_FLIGHT);
    while (true) {
      int size = queued.get();
      boolean due = size > 0 && (all || size >= batchSize);
      boolean pastDeadline = deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0;
      if (due && !pastDeadline && open.size() < MAX_IN_FLIGHT) {
        List<SpanData> batch = drain(batchSize);
        if (!batch.isEmpty()) {
          Export started = start(batch);
          if (started == null) {
            ok = false;
          } else {
            open.add(started);
          }
          continue;
        }
        // a producer counted its span but has not offered it yet; it will be there next round
        due = false;
      }
      Export oldest = open.peek();
      if (oldest == null) {
        // spans still due when the deadline passed stay queued, and the caller learns it
        return ok && !(due && pastDeadline);
      }
      long wait = oldest.until(exporterTimeoutNanos, deadline) - System.nanoTime();
      if (oldest.result.isDone() || wait <= 0) {
        ok &= settle(open.poll());
      } else {
        // woken by the oldest completing, or by onEnd once another batch is queued (or half the queue, while the
        // worker polls: then it looks again after its shortest nap)
        LockSupport.parkNanos(this, polling ? Math.min(wait, MIN_POLL_NANOS) : wait);
      }
    }
  }

  /** Hands {@code batch} to the exporter; null (and counted as failed) when the exporter throws. */
  private Export start(List<SpanData> batch) {
    try {
      long startNanos = System.nanoTime();
      CompletableResultCode result = exporter.export(batch);
      result.whenComplete(() -> LockSupport.unpark(worker));
      return new Export(result, batch.size(), startNanos);
    } catch (RuntimeException | LinkageError e) {
      synchronized (settle) {
        inFlight -= batch.size();
        if (!gaveUp) {
          failed.add(batch.size());
        }
      }
      return null;
    }
  }

  /** Counts a finished or timed-out export once; what completes after a shutdown gave up is not counted again. */
  private boolean settle(Export export) {
    boolean ok = export.result.isSuccess();
    synchronized (settle) {
      inFlight -= export.spans;
      if (!gaveUp) {
        (ok ? exported : failed).add(export.spans);
      }
    }
    return ok;
  }

  /** One export the worker has started and not yet counted. */
  private static final class Export {
    final CompletableResultCode result;
    final int spans;
    final long startNanos;

    Export(CompletableResultCode result, int spans, long startNanos) {
      this.result = result;
      this.spans = spans;
      this.startNanos = startNanos;
    }

    /** When to give up on it: the exporter timeout after its start, or {@code deadline} if sooner. */
    long until(long timeoutNanos, long deadline) {
      long until = startNanos + timeoutNanos;
      return deadline != Long.MAX_VALUE && deadline - until < 0 ? deadline : until;
    }
  }

  private boolean flushExporter(long deadline) {
    try {
      return exporter.flush().join(remaining(deadline), TimeUnit.NANOSECONDS).isSuccess();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private boolean shutdownExporter(long deadline) {
    try {
      return exporter.shutdown().join(remaining(deadline), TimeUnit.NANOSECONDS).isSuccess();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  // At least a moment even past the deadline, so an exporter that completes synchronously still counts.
  private static long remaining(long deadline) {
    return Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadline - System.nanoTime());
  }

  private List<SpanData> drain(int max) {
    List<SpanData> batch = new ArrayList<>(Math.min(max, Math.max(queued.get(), 1)));
    synchronized (settle) {
      ReadableSpan span;
      while (batch.size() < max && (span = queue.poll()) != null) {
        queued.decrementAndGet();
        batch.add(span.toSpanData());
      }
      inFlight += batch.size();
      drainedTotal += batch.size();
    }
    return batch;
  }

  /** Settings of a {@link BatchingSpanProcessor}; the defaults match the SDK's batch processor. */
  public static final class Builder {
    private final SpanExporter exporter;
    private int batchSize = 512;
    private int queueSize = 2048;
    private Duration exportInterval = Duration.ofSeconds(5);
    private Duration exporterTimeout = Duration.ofSeconds(30);
    private Consumer<String> log = line -> System.err.println("clude-obs: " + line);
    private Clock clock = Clock.systemUTC();

    private Builder(SpanExporter exporter) {
      this.exporter = Objects.requireNonNull(exporter, "exporter");
    }

    /** Spans per export call; an export starts as soon as this many are queued. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Spans the queue holds before it drops. */
    public Builder queueSize(int queueSize) {
      this.queueSize = queueSize;
      return this;
    }

    /** Longest time a queued span waits before it is exported. */
    public Builder exportInterval(Duration exportInterval) {
      this.exportInterval = Objects.requireNonNull(exportInterval, "exportInterval");
      return this;
    }

    /** Longest wait for one export, and for all of flush or shutdown. */
    public Builder exporterTimeout(Duration exporterTimeout) {
      this.exporterTimeout = Objects.requireNonNull(exporterTimeout, "exporterTimeout");
      return this;
    }

    /** Where the rate-limited drop line goes; it is already one complete line. */
    public Builder log(Consumer<String> log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Validates the settings and starts the worker thread. */
    public BatchingSpanProcessor build() {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
      }
      if (queueSize < batchSize) {
        throw new IllegalArgumentException(
            "queueSize (" + queueSize + ") must be at least batchSize (" + batchSize + ")");
      }
      if (exportInterval.isNegative() || exportInterval.isZero()) {
        throw new IllegalArgumentException("exportInterval must be positive: " + exportInterval);
      }
      if (exporterTimeout.isNegative() || exporterTimeout.isZero()) {
        throw new IllegalArgumentException("exporterTimeout must be positive: " + exporterTimeout);
      }
      BatchingSpanProcessor processor = new BatchingSpanProcessor(this);
      processor.worker.start();
      return processor;
    }
  }
}
