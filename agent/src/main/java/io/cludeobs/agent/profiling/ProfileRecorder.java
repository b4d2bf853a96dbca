package io.cludeobs.agent.profiling;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/**
 * The continuous JFR recording: CPU samples, allocation samples, slow file and socket I/O, lock contention, GC and
 * CPU load, written to {@code data_dir/profiles/} one chunk per {@link #ROTATE_EVERY}, and beside each chunk the
 * sampled spans that ended while it was recorded ({@link SpanFile}), which link the samples to spans.
 *
 * <p>A chunk ends by starting the next recording before stopping the current one, so nothing falls into a gap;
 * the few milliseconds both see are de-duplicated by {@link ProfileAnalysis}. The last chunk is written by JFR's
 * own dump on exit.
 */
public final class ProfileRecorder {

  /** How long one profile file covers. */
  static final Duration ROTATE_EVERY = Duration.ofMinutes(5);
  /** File and socket operations shorter than this are not recorded (JFR's own profile setting is 10 ms). */
  static final String IO_THRESHOLD = "10 ms";
  /** Lock waits shorter than this are not recorded (JFR's default). */
  static final String LOCK_THRESHOLD = "20 ms";
  /**
   * One stack of a thread running Java per this period by default (10 Hz). JFR's sampler thread wakes up once per
   * period whether or not there is anything to sample, and on a light agent workload (an app that mostly waits for
   * its model) those wake-ups are most of what profiling costs: at JFR's own 20 ms about 2 % of its CPU, at 50 ms
   * about 1 % (benchmarks/profiling/attribution.sh). Setting {@code profiling.cpu_interval}.
   */
  static final Duration CPU_INTERVAL = Duration.ofMillis(100);
  /**
   * Machine and JVM CPU load, averaged over this period, for the saturation detector. Each load event runs JFR's
   * periodic loop (interpreted at this rate) and reads {@code /proc/stat}: once a second it was about 0.4 % of the
   * benchmark workload's CPU; once in five seconds the periodic thread uses about 40 % less.
   */
  static final String CPU_LOAD_PERIOD = "5 s";
  /**
   * Allocation samples a second by default; JFR's own 150 cost a light workload about 1 % of its CPU in stack
   * walks, and 20 a second still give about 70,000 samples an hour. Setting {@code profiling.allocation_rate}.
   */
  static final int ALLOCATION_RATE = 20;
  /** How often the profiler thread writes the ended spans to the span file (sooner when the span log fills). */
  static final Duration SPAN_DRAIN_EVERY = Duration.ofSeconds(10);
  /** Ended spans the span log holds between drains. */
  static final int SPAN_LOG_CAPACITY = 8192;
  /** Cap on the disk a recording may use between rotations. */
  static final long MAX_CHUNK_BYTES = 64L * 1024 * 1024;

  private final Path dataDir;
  private final Map<String, String> settings;
  private final long pid;
  private final Consumer<String> problems;
  private final SpanLog spanLog = new SpanLog(SPAN_LOG_CAPACITY, this::wakeDrain);
  private final SpanProfiler spans = new SpanProfiler(spanLog);
  private final AtomicBoolean drainPending = new AtomicBoolean();
  private final ScheduledExecutorService rotator;
  private Recording current;
  private SpanFile.Writer spanWriter;
  private Path spanPath;
  private long droppedReported;
  private boolean spanWriteFailed;
  private boolean exited;
  private int sequence;

  private ProfileRecorder(Path dataDir, Map<String, String> settings, Consumer<String> problems) {
    this.dataDir = dataDir;
    this.settings = settings;
    this.pid = ProcessHandle.current().pid();
    this.problems = problems;
    this.rotator =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              // the clude-obs prefix keeps the recorder's own file writes out of the file-io telemetry
              Thread t = new Thread(r, "clude-obs-profiler");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Lets the recordings started from now on flush to JFR's repository once per chunk instead of every second, and
   * leave the agent's own threads out ({@link JfrAccess}); returns whether the flush interval can be set here.
   */
  public static boolean flushOncePerChunk(Instrumentation inst) {
    return JfrAccess.enable(inst);
  }

  /**
   * Starts profiling into {@code dataDir/profiles}; returns null, after one line to {@code problems}, when JFR is
   * not available or the folder cannot be created.
   *
   * @param retentionDays profile files older than this are deleted at start, as the rest of the store is
   */
  public static ProfileRecorder start(
      Path dataDir,
      boolean cpu,
      boolean memory,
      boolean io,
      int retentionDays,
      Consumer<String> log,
      Consumer<String> problems) {
    return start(dataDir, cpu, memory, io, CPU_INTERVAL, ALLOCATION_RATE, retentionDays, log, problems);
  }

  /**
   * As {@link #start(Path, boolean, boolean, boolean, int, Consumer, Consumer)}, sampling CPU stacks every
   * {@code cpuInterval} and at most {@code allocationsPerSecond} allocations a second.
   */
  public static ProfileRecorder start(
      Path dataDir,
      boolean cpu,
      boolean memory,
      boolean io,
      Duration cpuInterval,
      int allocationsPerSecond,
      int retentionDays,
      Consumer<String> log,
      Consumer<String> problems) {
    ProfileRecorder recorder = null;
    try {
      if (!FlightRecorder.isAvailable()) {
        problems.accept(
            "profiling: JDK Flight Recorder is not available in this JVM; set clude.obs.profiling_enabled=false"
                + " or run on a JDK with JFR");
        return null;
      }
      ProfileFiles.createDir(dataDir);
      recorder =
          new ProfileRecorder(dataDir, settings(cpu, memory, io, cpuInterval, allocationsPerSecond), problems);
      recorder.rotate();
      JfrAccess.excludeAgentThreads();
      // old files go in the background, so that start-up never waits on the file system
      recorder.rotator.execute(() -> deleteOld(dataDir, retentionDays, log, problems));
      long period = ROTATE_EVERY.toMillis();
      recorder.rotator.scheduleAtFixedRate(recorder::rotateQuietly, period, period, TimeUnit.MILLISECONDS);
      recorder.rotator.scheduleWithFixedDelay(
          recorder::drainSpansQuietly, SPAN_DRAIN_EVERY.toMillis(), SPAN_DRAIN_EVERY.toMillis(), TimeUnit.MILLISECONDS);
      Runtime.getRuntime().addShutdownHook(new Thread(recorder::exit, "clude-obs-profiler-exit"));
      return recorder;
    } catch (Exception | Error e) {
      if (recorder != null) {
        recorder.rotator.shutdownNow();
      }
      problems.accept(
          "profiling: could not start JFR in " + ProfileFiles.dir(dataDir) + " (" + e
              + "); check clude.obs.data_dir or set clude.obs.profiling_enabled=false");
      return null;
    }
  }

  /** What the dispatcher hands span begin and end to. */
  public SpanProfiler spans() {
    return spans;
  }

  /** The JFR settings for the chosen parts at the default rates. */
  static Map<String, String> settings(boolean cpu, boolean memory, boolean io) {
    return settings(cpu, memory, io, CPU_INTERVAL, ALLOCATION_RATE);
  }

  /** The JFR settings for the chosen parts; allocation events are chosen by what this JVM has. */
  static Map<String, String> settings(
      boolean cpu, boolean memory, boolean io, Duration cpuInterval, int allocationsPerSecond) {
    Map<String, String> s = new HashMap<>();
    if (cpu) {
      s.put("jdk.ExecutionSample#enabled", "true");
      s.put("jdk.ExecutionSample#period", Math.max(1, cpuInterval.toMillis()) + " ms");
      s.put("jdk.CPULoad#enabled", "true");
      s.put("jdk.CPULoad#period", CPU_LOAD_PERIOD);
    }
    if (memory) {
      if (hasEvent("jdk.ObjectAllocationSample")) {
        // JDK 16+: throttled sampling
        s.put("jdk.ObjectAllocationSample#enabled", "true");
        s.put("jdk.ObjectAllocationSample#throttle", Math.max(1, allocationsPerSecond) + "/s");
        s.put("jdk.ObjectAllocationSample#stackTrace", "true");
      } else {
        // JDK 11-15 have only per-TLAB events; new TLABs are rare enough to stay cheap
        s.put("jdk.ObjectAllocationInNewTLAB#enabled", "true");
        s.put("jdk.ObjectAllocationInNewTLAB#stackTrace", "true");
        s.put("jdk.ObjectAllocationOutsideTLAB#enabled", "true");
        s.put("jdk.ObjectAllocationOutsideTLAB#stackTrace", "true");
      }
    }
    if (io) {
      for (String e : new String[] {"jdk.FileRead", "jdk.FileWrite", "jdk.SocketRead", "jdk.SocketWrite"}) {
        s.put(e + "#enabled", "true");
        s.put(e + "#threshold", IO_THRESHOLD);
        s.put(e + "#stackTrace", "true");
      }
    }
    for (String e : new String[] {"jdk.JavaMonitorEnter", "jdk.ThreadPark"}) {
      s.put(e + "#enabled", "true");
      s.put(e + "#threshold", LOCK_THRESHOLD);
      s.put(e + "#stackTrace", "true");
    }
    s.put("jdk.GarbageCollection#enabled", "true");
    s.put("jdk.GarbageCollection#threshold", "0 ms");
    return s;
  }

  private static boolean hasEvent(String name) {
    for (EventType type : FlightRecorder.getFlightRecorder().getEventTypes()) {
      if (type.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private void rotateQuietly() {
    try {
      rotate();
    } catch (Exception | Error e) {
      // JFR shuts down with the JVM; a rotation racing it has nothing left to write
      if (!isShuttingDown(e)) {
        problems.accept("profiling: could not rotate the profile in " + ProfileFiles.dir(dataDir) + " (" + e
            + "); check free space and permissions of clude.obs.data_dir");
      }
    }
  }

  private static boolean isShuttingDown(Throwable e) {
    return e instanceof IllegalStateException;
  }

  /** Starts the next chunk's recording, then stops the current one, which writes its file. */
  synchronized void rotate() throws IOException {
    Instant now = Instant.now();
    Path file = ProfileFiles.dir(dataDir).resolve(ProfileFiles.fileName(now, pid, sequence++));
    // created first so that JFR writes into a file only the owner can read
    Files.deleteIfExists(file);
    Files.createFile(file);
    ProfileFiles.ownerOnly(file, "rw-------");
    Recording next = new Recording(settings);
    next.setName("clude-obs profile " + sequence);
    next.setToDisk(true);
    next.setMaxSize(MAX_CHUNK_BYTES);
    next.setDumpOnExit(true);
    next.setDestination(file);
    JfrAccess.setFlushInterval(next, ROTATE_EVERY);
    next.start();
    Recording previous = current;
    current = next;
    // the spans that ended in the chunk now ending go to its file; from here on they go to the next one
    drainSpans();
    closeSpanFile();
    spanPath = ProfileFiles.spanFile(file);
    try {
      spanWriter = SpanFile.Writer.create(spanPath);
    } catch (IOException e) {
      spanWriteFailed(e);
    }
    if (previous != null) {
      previous.stop();
      previous.close();
    }
  }

  /** Run by the producer whose span fills the log to the next quarter: drains it soon on the profiler thread. */
  private void wakeDrain() {
    if (drainPending.compareAndSet(false, true)) {
      try {
        rotator.execute(this::drainSpansQuietly);
      } catch (RejectedExecutionException stopped) {
        // profiling has stopped; the exit or stop drained what it could
      }
    }
  }

  private void drainSpansQuietly() {
    drainPending.set(false);
    synchronized (this) {
      drainSpans();
    }
    // agent threads started since the last drain (executors start theirs when first used)
    JfrAccess.excludeAgentThreads();
  }

  /** Writes the ended spans to the current span file, their clock times turned into epoch times now. */
  private void drainSpans() {
    Instant now = Instant.now();
    long offset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
    SpanFile.Writer writer = spanWriteFailed ? null : spanWriter;
    if (writer == null) {
      spanLog.drain(DISCARD);
    } else {
      writer.epochOffset(offset);
      try {
        if (spanLog.drain(writer) > 0) {
          writer.flush();
        }
      } catch (IOException e) {
        spanWriteFailed(e);
      }
    }
    long dropped = spanLog.dropped();
    if (dropped > 0 && droppedReported == 0) {
      problems.accept("profiling: " + dropped + " ended spans were not linked to profile samples, more than "
          + SPAN_LOG_CAPACITY + " ended between two writes of " + spanPath + "; samples in them count for their"
          + " parent spans");
    }
    droppedReported = dropped;
  }

  private static final SpanLog.Sink DISCARD = (t, s, e, th, tl, id, p, c, n, tool) -> {};

  private void spanWriteFailed(IOException e) {
    if (!spanWriteFailed) {
      spanWriteFailed = true;
      problems.accept("profiling: could not write " + spanPath + " (" + e + "); samples are recorded but not linked"
          + " to spans until the next chunk; check free space and permissions of clude.obs.data_dir");
    }
  }

  private void closeSpanFile() {
    if (spanWriter != null) {
      try {
        spanWriter.close();
      } catch (IOException e) {
        spanWriteFailed(e);
      }
      spanWriter = null;
    }
    spanWriteFailed = false;
  }

  /**
   * The JVM is exiting, or {@link #stop()}: no more rotations or drains; the spans that ended since the last drain
   * are written (JFR writes its own chunk at exit). Once only.
   */
  private synchronized void exit() {
    if (exited) {
      return;
    }
    exited = true;
    rotator.shutdownNow();
    drainSpans();
    closeSpanFile();
  }

  /** The recording of the running chunk (tests). */
  synchronized Recording current() {
    return current;
  }

  /** Stops recording and writes the current chunk now (tests; the JVM's exit does the same by itself). */
  public synchronized void stop() {
    exit();
    if (current != null) {
      try {
        current.stop();
      } catch (IllegalStateException alreadyStopped) {
        // JFR's exit hook got there first and wrote the file
      }
      current.close();
      current = null;
    }
  }

  private static void deleteOld(Path dataDir, int retentionDays, Consumer<String> log, Consumer<String> problems) {
    if (retentionDays <= 0) {
      return;
    }
    int[] result;
    try {
      result = ProfileFiles.deleteOlderThan(dataDir, Instant.now().minus(Duration.ofDays(retentionDays)));
    } catch (IOException e) {
      result = new int[] {0, 1};
    }
    if (result[0] > 0) {
      log.accept("retention: deleted " + result[0] + " profile files older than metrics.retention_days="
          + retentionDays);
    }
    if (result[1] > 0) {
      problems.accept("retention: could not delete " + result[1] + " old profile files in "
          + ProfileFiles.dir(dataDir) + "; check the permissions of clude.obs.data_dir");
    }
  }
}
