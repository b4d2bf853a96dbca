package io.cludeobs.agent.profiling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The profile files of a time range, read back with every sample attributed to the span that was current on the
 * sampled thread: resources per span, tool and category, and folded stacks for flame graphs. Each chunk's spans
 * come from its {@link SpanFile}.
 *
 * <p>A sample belongs to the innermost span on its thread whose begin and end enclose it. Per-span and per-tool
 * figures are inclusive (a task counts the samples of the tools it ran); per-category figures count each sample
 * once, for the category of its innermost span. A file that cannot be read to the end is counted in {@link
 * #unreadableFiles()} and what was read before the damage is kept.
 */
public final class ProfileAnalysis {

  /** The JFR event that linked samples to spans until 2026-12-06, still read from older profiles. */
  static final String LEGACY_SPAN_EVENT = "io.cludeobs.Span";

  /** Which samples a flame graph takes: all, one trace, one tool or one span (with the spans inside it). */
  public static final class Filter {
    private final FilterKind kind;
    private final String value;

    private Filter(FilterKind kind, String value) {
      this.kind = kind;
      this.value = value;
    }

    /** Every sample, inside spans or not. */
    public static Filter all() {
      return new Filter(FilterKind.ALL, null);
    }

    /** Samples inside any span of this trace (32 hex digits). */
    public static Filter trace(String traceId) {
      return new Filter(FilterKind.TRACE, Objects.requireNonNull(traceId, "traceId"));
    }

    /** Samples inside a call of this tool ({@code gen_ai.tool.name}). */
    public static Filter tool(String toolName) {
      return new Filter(FilterKind.TOOL, Objects.requireNonNull(toolName, "toolName"));
    }

    /** Samples inside this span or a span within it. */
    public static Filter span(String spanId) {
      return new Filter(FilterKind.SPAN, Objects.requireNonNull(spanId, "spanId"));
    }

    @Override
    public String toString() {
      return value == null ? "all" : kind.name().toLowerCase(java.util.Locale.ROOT) + "=" + value;
    }
  }

  private enum FilterKind {
    ALL,
    TRACE,
    TOOL,
    SPAN
  }

  /** What a sample measures. */
  enum SampleKind {
    CPU,
    ALLOCATION,
    FILE_READ,
    FILE_WRITE
  }

  /** One span as its JFR event recorded it. */
  public static final class ProfiledSpan {
    private final String traceId;
    private final String spanId;
    private final String parentSpanId;
    private final String category;
    private final String name;
    private final String toolName;
    private final long threadId;
    private final long startEpochNanos;
    private final long endEpochNanos;

    ProfiledSpan(
        String traceId,
        String spanId,
        String parentSpanId,
        String category,
        String name,
        String toolName,
        long threadId,
        long startEpochNanos,
        long endEpochNanos) {
      this.traceId = traceId;
      this.spanId = spanId;
      this.parentSpanId = parentSpanId;
      this.category = category;
      this.name = name;
      this.toolName = toolName;
      this.threadId = threadId;
      this.startEpochNanos = startEpochNanos;
      this.endEpochNanos = endEpochNanos;
    }

    public String traceId() {
      return traceId;
    }

    public String spanId() {
      return spanId;
    }

    /** Null for a root. */
    public String parentSpanId() {
      return parentSpanId;
    }

    /** {@code task}, {@code llm}, {@code tool} or {@code span}. */
    public String category() {
      return category;
    }

    public String name() {
      return name;
    }

    /** The tool's name for a tool span, else null. */
    public String toolName() {
      return toolName;
    }

    /** The Java thread id the span ran on. */
    public long threadId() {
      return threadId;
    }

    public long startEpochNanos() {
      return startEpochNanos;
    }

    public long endEpochNanos() {
      return endEpochNanos;
    }
  }

  /** A value at a point in time: CPU load (0 to 1) or a GC pause (seconds, at its start). */
  public static final class TimedValue {
    private final long epochNanos;
    private final double value;

    /** A value at {@code epochNanos}. */
    public TimedValue(long epochNanos, double value) {
      this.epochNanos = epochNanos;
      this.value = value;
    }

    public long epochNanos() {
      return epochNanos;
    }

    public double value() {
      return value;
    }
  }

  static final class Sample {
    final SampleKind kind;
    final long threadId;
    final long epochNanos;
    final String stack;
    final long weight;
    ProfiledSpan span;

    Sample(SampleKind kind, long threadId, long epochNanos, String stack, long weight) {
      this.kind = kind;
      this.threadId = threadId;
      this.epochNanos = epochNanos;
      this.stack = stack;
      this.weight = weight;
    }
  }

  private final List<Path> files;
  private final List<ProfiledSpan> spans = new ArrayList<>();
  private final Map<String, ProfiledSpan> spansById = new HashMap<>();
  private final List<Sample> samples = new ArrayList<>();
  private final List<TimedValue> jvmCpuLoad = new ArrayList<>();
  private final List<TimedValue> machineCpuLoad = new ArrayList<>();
  private final List<TimedValue> gcPauses = new ArrayList<>();
  private final Set<String> seenSamples = new HashSet<>();
  // one copy of each distinct folded stack: an hour of samples repeats a few thousand stacks many times
  private final Map<String, String> stacks = new HashMap<>();
  private long unreadableFiles;

  private ProfileAnalysis(List<Path> files) {
    this.files = Collections.unmodifiableList(new ArrayList<>(files));
  }

  /**
   * The profile files under {@code dataDir/profiles} that overlap the range, read and attributed; null bounds
   * mean unbounded. Data outside the range is left out.
   *
   * @throws IOException only when the profiles folder cannot be listed
   */
  public static ProfileAnalysis read(Path dataDir, Instant from, Instant until) throws IOException {
    return readFiles(ProfileFiles.overlapping(dataDir, from, until), from, until);
  }

  /** These JFR files, read and attributed; data outside the range (null: unbounded) is left out. */
  public static ProfileAnalysis readFiles(List<Path> files, Instant from, Instant until) {
    ProfileAnalysis analysis = new ProfileAnalysis(files);
    long fromNanos = from == null ? Long.MIN_VALUE : epochNanos(from);
    long untilNanos = until == null ? Long.MAX_VALUE : epochNanos(until);
    for (Path file : files) {
      analysis.readFile(file, fromNanos, untilNanos);
    }
    analysis.attribute();
    return analysis;
  }

  /** An analysis of spans and samples already in memory (tests). */
  static ProfileAnalysis of(List<ProfiledSpan> spans, List<Sample> samples) {
    ProfileAnalysis analysis = new ProfileAnalysis(Collections.<Path>emptyList());
    for (ProfiledSpan span : spans) {
      analysis.spans.add(span);
      analysis.spansById.put(span.spanId, span);
    }
    analysis.samples.addAll(samples);
    analysis.attribute();
    return analysis;
  }

  /** The files read. */
  public List<Path> files() {
    return files;
  }

  /** Files that could not be read to the end (a chunk still being written, a damaged one). */
  public long unreadableFiles() {
    return unreadableFiles;
  }

  /** All spans recorded in the range, by start time. */
  public List<ProfiledSpan> spans() {
    return Collections.unmodifiableList(spans);
  }

  /** All CPU samples in the range (attributed or not). */
  public long cpuSamples() {
    return total().cpuSamples();
  }

  /** JVM CPU load (user plus system, 0 to 1 of the machine), one value per second. */
  public List<TimedValue> jvmCpuLoad() {
    return Collections.unmodifiableList(jvmCpuLoad);
  }

  /** Whole-machine CPU load (0 to 1), one value per second. */
  public List<TimedValue> machineCpuLoad() {
    return Collections.unmodifiableList(machineCpuLoad);
  }

  /** GC pauses: start time and total pause in seconds, one per collection. */
  public List<TimedValue> gcPauses() {
    return Collections.unmodifiableList(gcPauses);
  }

  /**
   * CPU flame graph: folded stacks, root frame first, frames {@code class.method} joined by {@code ;}, to the
   * number of execution samples with that stack.
   */
  public Map<String, Long> flameGraph(Filter filter) {
    return folded(filter, SampleKind.CPU);
  }

  /** Allocation flame graph: folded stacks, as {@link #flameGraph}, to sampled allocated bytes. */
  public Map<String, Long> allocationFlameGraph(Filter filter) {
    return folded(filter, SampleKind.ALLOCATION);
  }

  /** Per span id, what the span and the spans inside it used; in span start order. */
  public Map<String, ResourceUsage> resourcesBySpan() {
    Map<String, ResourceUsage> out = new LinkedHashMap<>();
    for (ProfiledSpan span : spans) {
      ResourceUsage u = new ResourceUsage(span.spanId, span.category, span.name, span.traceId);
      u.countSpan();
      out.put(span.spanId, u);
    }
    for (Sample s : samples) {
      int depth = 0;
      for (ProfiledSpan p = s.span; p != null && depth < MAX_DEPTH; p = parent(p), depth++) {
        out.get(p.spanId).add(s.kind, s.weight);
      }
    }
    return out;
  }

  /** Per tool name, what its calls used (inclusive), most CPU samples first. */
  public Map<String, ResourceUsage> resourcesByTool() {
    Map<String, ResourceUsage> out = new HashMap<>();
    for (ProfiledSpan span : spans) {
      if (span.toolName != null) {
        out.computeIfAbsent(span.toolName, k -> new ResourceUsage(k, "tool", k, null)).countSpan();
      }
    }
    for (Sample s : samples) {
      String counted = null;
      int depth = 0;
      for (ProfiledSpan p = s.span; p != null && depth < MAX_DEPTH; p = parent(p), depth++) {
        // a tool nested in a call of the same tool counts once
        if (p.toolName != null && !p.toolName.equals(counted)) {
          out.get(p.toolName).add(s.kind, s.weight);
          counted = p.toolName;
        }
      }
    }
    return sortedByCpu(out);
  }

  /**
   * Per category ({@code task}, {@code llm}, {@code tool}, {@code span}), the samples whose innermost span has
   * that category, plus {@code none} for samples outside any span; the rows add up to {@link #total()}.
   */
  public Map<String, ResourceUsage> resourcesByCategory() {
    Map<String, ResourceUsage> out = new HashMap<>();
    for (ProfiledSpan span : spans) {
      out.computeIfAbsent(span.category, k -> new ResourceUsage(k, k, k, null)).countSpan();
    }
    for (Sample s : samples) {
      String c = s.span == null ? "none" : s.span.category;
      out.computeIfAbsent(c, k -> new ResourceUsage(k, null, k, null)).add(s.kind, s.weight);
    }
    return sortedByCpu(out);
  }

  /** Everything in the range, inside spans or not. */
  public ResourceUsage total() {
    ResourceUsage u = new ResourceUsage("all", null, "all", null);
    for (Sample s : samples) {
      u.add(s.kind, s.weight);
    }
    return u;
  }

  private static final int MAX_DEPTH = 512;

  private ProfiledSpan parent(ProfiledSpan span) {
    return span.parentSpanId == null ? null : spansById.get(span.parentSpanId);
  }

  private static Map<String, ResourceUsage> sortedByCpu(Map<String, ResourceUsage> rows) {
    List<ResourceUsage> list = new ArrayList<>(rows.values());
    list.sort(
        Comparator.comparingLong(ResourceUsage::cpuSamples)
            .reversed()
            .thenComparing(Comparator.comparingLong(ResourceUsage::allocatedBytes).reversed())
            .thenComparing(ResourceUsage::key));
    Map<String, ResourceUsage> out = new LinkedHashMap<>();
    for (ResourceUsage u : list) {
      out.put(u.key(), u);
    }
    return out;
  }

  private Map<String, Long> folded(Filter filter, SampleKind kind) {
    Map<String, Long> out = new HashMap<>();
    for (Sample s : samples) {
      if (s.kind == kind && s.stack != null && matches(filter, s)) {
        out.merge(s.stack, s.weight, Long::sum);
      }
    }
    return out;
  }

  private boolean matches(Filter filter, Sample s) {
    switch (filter.kind) {
      case ALL:
        return true;
      case TRACE:
        return s.span != null && s.span.traceId.equals(filter.value);
      default:
        int depth = 0;
        for (ProfiledSpan p = s.span; p != null && depth < MAX_DEPTH; p = parent(p), depth++) {
          if (filter.kind == FilterKind.TOOL ? filter.value.equals(p.toolName) : filter.value.equals(p.spanId)) {
            return true;
          }
        }
        return false;
    }
  }

  private void readFile(Path file, long fromNanos, long untilNanos) {
    readSpanFile(ProfileFiles.spanFile(file), fromNanos, untilNanos);
    try {
      if (Files.size(file) == 0) {
        // the running chunk's file: created at its start, written when it ends
        return;
      }
    } catch (IOException gone) {
      return;
    }
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        long start = epochNanos(event.getStartTime());
        long end = epochNanos(event.getEndTime());
        if (end < fromNanos || start > untilNanos) {
          continue;
        }
        take(event, start, end);
      }
    } catch (IOException | RuntimeException e) {
      unreadableFiles++;
    }
  }

  private void readSpanFile(Path file, long fromNanos, long untilNanos) {
    if (!Files.exists(file)) {
      return;
    }
    try {
      SpanFile.read(
          file,
          (thread, start, end, traceHigh, traceLow, spanId, parent, category, name, tool) -> {
            if (end < fromNanos || start > untilNanos) {
              return;
            }
            addSpan(
                SpanProfiler.hex(traceHigh) + SpanProfiler.hex(traceLow),
                SpanProfiler.hex(spanId),
                parent == 0 ? null : SpanProfiler.hex(parent),
                category,
                name,
                tool,
                thread,
                start,
                end);
          });
    } catch (IOException | RuntimeException e) {
      unreadableFiles++;
    }
  }

  private void addSpan(
      String traceId, String spanId, String parentSpanId, String category, String name, String toolName,
      long threadId, long start, long end) {
    if (spanId != null && !spansById.containsKey(spanId)) {
      ProfiledSpan span = new ProfiledSpan(traceId, spanId, parentSpanId, category, name, toolName, threadId, start, end);
      spans.add(span);
      spansById.put(spanId, span);
    }
  }

  /**
   * Trace, span and parent span id of a span event as hex text (parent null for a root): numbers since the ids
   * stopped being strings, text in profiles an older agent wrote.
   */
  private static String[] ids(RecordedEvent event) {
    if (event.hasField("traceIdHigh")) {
      long parent = event.getLong("parentSpanId");
      return new String[] {
        SpanProfiler.hex(event.getLong("traceIdHigh")) + SpanProfiler.hex(event.getLong("traceIdLow")),
        SpanProfiler.hex(event.getLong("spanId")),
        parent == 0 ? null : SpanProfiler.hex(parent)
      };
    }
    return new String[] {event.getString("traceId"), event.getString("spanId"), event.getString("parentSpanId")};
  }

  private void take(RecordedEvent event, long start, long end) {
    String type = event.getEventType().getName();
    switch (type) {
      case LEGACY_SPAN_EVENT:
        String[] ids = ids(event);
        addSpan(
            ids[0], ids[1], ids[2], event.getString("category"), event.getString("spanName"),
            event.getString("toolName"), threadId(event.getThread()), start, end);
        break;
      case "jdk.ExecutionSample":
        sample(SampleKind.CPU, threadId(event.getThread("sampledThread")), start, event, 1);
        break;
      case "jdk.ObjectAllocationSample":
        sample(SampleKind.ALLOCATION, threadId(event.getThread()), start, event, event.getLong("weight"));
        break;
      case "jdk.ObjectAllocationInNewTLAB":
        sample(SampleKind.ALLOCATION, threadId(event.getThread()), start, event, event.getLong("tlabSize"));
        break;
      case "jdk.ObjectAllocationOutsideTLAB":
        sample(SampleKind.ALLOCATION, threadId(event.getThread()), start, event, event.getLong("allocationSize"));
        break;
      case "jdk.FileRead":
        sample(SampleKind.FILE_READ, threadId(event.getThread()), start, event, event.getLong("bytesRead"));
        break;
      case "jdk.FileWrite":
        sample(SampleKind.FILE_WRITE, threadId(event.getThread()), start, event, event.getLong("bytesWritten"));
        break;
      case "jdk.CPULoad":
        jvmCpuLoad.add(new TimedValue(start, event.getFloat("jvmUser") + event.getFloat("jvmSystem")));
        machineCpuLoad.add(new TimedValue(start, event.getFloat("machineTotal")));
        break;
      case "jdk.GarbageCollection":
        if (seenSamples.add("gc " + event.getLong("gcId") + " " + start)) {
          gcPauses.add(new TimedValue(start, event.getDuration("sumOfPauses").toNanos() / 1e9));
        }
        break;
      default:
        break;
    }
  }

  private void sample(SampleKind kind, long threadId, long epochNanos, RecordedEvent event, long weight) {
    // consecutive chunks overlap by a few milliseconds; the same event read twice is one sample
    if (!seenSamples.add(kind.ordinal() + " " + threadId + " " + epochNanos)) {
      return;
    }
    String stack = fold(event.getStackTrace());
    if (stack != null) {
      String known = stacks.putIfAbsent(stack, stack);
      stack = known != null ? known : stack;
    }
    samples.add(new Sample(kind, threadId, epochNanos, stack, Math.max(0, weight)));
  }

  /** Root frame first, {@code class.method} joined by {@code ;}; null without a stack. */
  static String fold(RecordedStackTrace stack) {
    if (stack == null) {
      return null;
    }
    List<RecordedFrame> frames = stack.getFrames();
    StringBuilder b = new StringBuilder(frames.size() * 40);
    for (int i = frames.size() - 1; i >= 0; i--) {
      RecordedFrame f = frames.get(i);
      if (b.length() > 0) {
        b.append(';');
      }
      b.append(f.getMethod().getType().getName()).append('.').append(f.getMethod().getName());
    }
    if (stack.isTruncated()) {
      // JFR keeps the top of a deep stack; mark the missing root side so that graphs do not merge it wrongly
      b.insert(0, "[truncated];");
    }
    return b.toString();
  }

  /** Puts every sample into the innermost span on its thread that encloses it. */
  private void attribute() {
    spans.sort(Comparator.comparingLong(ProfiledSpan::startEpochNanos).thenComparing(ProfiledSpan::spanId));
    Map<Long, List<ProfiledSpan>> byThread = new HashMap<>();
    for (ProfiledSpan span : spans) {
      byThread.computeIfAbsent(span.threadId, k -> new ArrayList<>()).add(span);
    }
    for (Sample s : samples) {
      List<ProfiledSpan> onThread = byThread.get(s.threadId);
      if (onThread != null) {
        s.span = innermost(onThread, s.epochNanos);
      }
    }
    seenSamples.clear();
    stacks.clear();
  }

  /** Spans of one thread nest, so the latest-started span that has not yet ended is the innermost. */
  static ProfiledSpan innermost(List<ProfiledSpan> byStart, long t) {
    int lo = 0;
    int hi = byStart.size() - 1;
    int last = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (byStart.get(mid).startEpochNanos <= t) {
        last = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    for (int i = last; i >= 0; i--) {
      ProfiledSpan span = byStart.get(i);
      if (span.endEpochNanos >= t) {
        return span;
      }
    }
    return null;
  }

  private static long threadId(RecordedThread thread) {
    return thread == null ? -1 : thread.getJavaThreadId();
  }

  private static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
