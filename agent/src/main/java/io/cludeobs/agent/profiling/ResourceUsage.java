package io.cludeobs.agent.profiling;

/**
 * What one span, tool, category or the whole profile used: CPU samples, allocated bytes (JFR's sampled estimate)
 * and file bytes read and written by operations over the I/O threshold.
 */
public final class ResourceUsage {

  private final String key;
  private final String category;
  private final String name;
  private final String traceId;
  private int spans;
  private long cpuSamples;
  private long allocatedBytes;
  private long fileReadBytes;
  private long fileWriteBytes;

  ResourceUsage(String key, String category, String name, String traceId) {
    this.key = key;
    this.category = category;
    this.name = name;
    this.traceId = traceId;
  }

  /** The span id, tool name or category this row is for; {@code "all"} for the total. */
  public String key() {
    return key;
  }

  /** {@code task}, {@code llm}, {@code tool} or {@code span}; null for the total. */
  public String category() {
    return category;
  }

  /** The span name (of a span row), the tool name (of a tool row), else the key. */
  public String name() {
    return name;
  }

  /** The trace of a span row; null for aggregate rows. */
  public String traceId() {
    return traceId;
  }

  /** How many spans the row covers (1 for a span row). */
  public int spans() {
    return spans;
  }

  /** CPU execution samples taken on the span's thread while it (or a span inside it) was current. */
  public long cpuSamples() {
    return cpuSamples;
  }

  /** Bytes allocated, as weighted by JFR's allocation sampling. */
  public long allocatedBytes() {
    return allocatedBytes;
  }

  public long fileReadBytes() {
    return fileReadBytes;
  }

  public long fileWriteBytes() {
    return fileWriteBytes;
  }

  /** Read plus written bytes. */
  public long fileIoBytes() {
    return fileReadBytes + fileWriteBytes;
  }

  void countSpan() {
    spans++;
  }

  void add(ProfileAnalysis.SampleKind kind, long weight) {
    switch (kind) {
      case CPU:
        cpuSamples += weight;
        break;
      case ALLOCATION:
        allocatedBytes += weight;
        break;
      case FILE_READ:
        fileReadBytes += weight;
        break;
      default:
        fileWriteBytes += weight;
        break;
    }
  }

  @Override
  public String toString() {
    return key + " cpu=" + cpuSamples + " alloc=" + allocatedBytes + " read=" + fileReadBytes + " write="
        + fileWriteBytes;
  }
}
