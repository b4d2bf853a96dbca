package io.cludeobs.agent.store;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code traces list} needs to know about a trace (or about the part of it in one stored line): time extent,
 * root span, counts of spans, LLM calls, tokens, tool calls and errors, categories and span names.
 *
 * <p>The exporter writes one digest per trace and line into the index beside each trace file; the reader merges
 * them per trace. Mutable, not thread-safe.
 */
public final class TraceDigest {

  /** Category bits, see {@link #categoryBit(String)}. */
  public static final int TASK = 1;

  public static final int LLM = 2;
  public static final int TOOL = 4;
  public static final int SPAN = 8;
  public static final int FILE = 16;

  private static final char NAME_SEPARATOR = '\u001f';

  private final String traceId;
  private long startEpochNanos = Long.MAX_VALUE;
  private long endEpochNanos = Long.MIN_VALUE;
  private long spans;
  private long llmCalls;
  private long inputTokens;
  private long outputTokens;
  private long toolCalls;
  private long errors;
  private int categories;
  private long rootStartEpochNanos = Long.MAX_VALUE;
  private long rootEndEpochNanos;
  private String rootName;
  private final Set<String> names = new LinkedHashSet<>();

  /** An empty digest of the trace {@code traceId} (32 lowercase hex digits). */
  public TraceDigest(String traceId) {
    this.traceId = traceId;
  }

  /**
   * The category bit of a span: its {@code clude.category} attribute, else its {@code gen_ai.operation.name};
   * spans named {@code file.*} are file operations whatever else they say.
   */
  public static int categoryBit(String name, String category, String operation) {
    if (name.startsWith("file.") || "file".equals(category)) {
      return FILE;
    }
    if (category != null) {
      switch (category) {
        case "task":
          return TASK;
        case "llm":
          return LLM;
        case "tool":
          return TOOL;
        default:
          return SPAN;
      }
    }
    if (operation != null) {
      switch (operation) {
        case "invoke_agent":
          return TASK;
        case "chat":
        case "text_completion":
        case "generate_content":
        case "embeddings":
          return LLM;
        case "execute_tool":
          return TOOL;
        default:
          break;
      }
    }
    return SPAN;
  }

  /** The bit for a {@code --category} value, or 0 when it names none. */
  public static int categoryBit(String categoryName) {
    switch (categoryName.toLowerCase(Locale.ROOT)) {
      case "task":
        return TASK;
      case "llm":
        return LLM;
      case "tool":
        return TOOL;
      case "span":
        return SPAN;
      case "file":
        return FILE;
      default:
        return 0;
    }
  }

  /**
   * Adds one span.
   *
   * @param root whether the span has no parent in this process (a local root)
   * @param inputTokens {@code gen_ai.usage.input_tokens}, 0 when absent
   */
  public void addSpan(
      boolean root,
      String name,
      long startEpochNanos,
      long endEpochNanos,
      boolean error,
      int categoryBit,
      long inputTokens,
      long outputTokens) {
    spans++;
    this.startEpochNanos = Math.min(this.startEpochNanos, startEpochNanos);
    this.endEpochNanos = Math.max(this.endEpochNanos, endEpochNanos);
    if (error) {
      errors++;
    }
    categories |= categoryBit;
    if (categoryBit == LLM) {
      llmCalls++;
    } else if (categoryBit == TOOL) {
      toolCalls++;
    }
    this.inputTokens += inputTokens;
    this.outputTokens += outputTokens;
    if (root) {
      offerRoot(name, startEpochNanos, endEpochNanos);
    }
    names.add(clean(name));
  }

  /** Adds the counts of another digest of the same trace (another line, another file). */
  public void merge(TraceDigest other) {
    spans += other.spans;
    startEpochNanos = Math.min(startEpochNanos, other.startEpochNanos);
    endEpochNanos = Math.max(endEpochNanos, other.endEpochNanos);
    errors += other.errors;
    categories |= other.categories;
    llmCalls += other.llmCalls;
    toolCalls += other.toolCalls;
    inputTokens += other.inputTokens;
    outputTokens += other.outputTokens;
    if (other.rootName != null) {
      offerRoot(other.rootName, other.rootStartEpochNanos, other.rootEndEpochNanos);
    }
    names.addAll(other.names);
  }

  // Several local roots (orphans whose parent was not stored): the earliest is the trace's root.
  private void offerRoot(String name, long start, long end) {
    if (rootName == null || start < rootStartEpochNanos) {
      rootName = clean(name);
      rootStartEpochNanos = start;
      rootEndEpochNanos = end;
    }
  }

  private static String clean(String name) {
    // Tabs, newlines and the name separator would break the index row.
    StringBuilder b = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r' || c == NAME_SEPARATOR) {
        if (b == null) {
          b = new StringBuilder(name);
        }
        b.setCharAt(i, ' ');
      }
    }
    return b == null ? name : b.toString();
  }

  /** One index row: {@code T} and tab-separated fields, without the line break. */
  String toRow() {
    StringBuilder b = new StringBuilder(160).append("T\t").append(traceId);
    b.append('\t').append(startEpochNanos).append('\t').append(endEpochNanos);
    b.append('\t').append(spans).append('\t').append(llmCalls);
    b.append('\t').append(inputTokens).append('\t').append(outputTokens);
    b.append('\t').append(toolCalls).append('\t').append(errors).append('\t').append(categories);
    if (rootName == null) {
      b.append("\t-\t-\t-");
    } else {
      b.append('\t').append(rootStartEpochNanos).append('\t').append(rootEndEpochNanos).append('\t').append(rootName);
    }
    b.append('\t');
    boolean first = true;
    for (String name : names) {
      if (!first) {
        b.append(NAME_SEPARATOR);
      }
      b.append(name);
      first = false;
    }
    return b.toString();
  }

  /** Reads a row written by {@link #toRow()}; null when it is not one (torn or corrupt). */
  static TraceDigest parseRow(String row) {
    String[] f = split(row, 15);
    if (f == null || !"T".equals(f[0]) || f[1].length() != 32) {
      return null;
    }
    try {
      TraceDigest d = new TraceDigest(f[1]);
      d.startEpochNanos = Long.parseLong(f[2]);
      d.endEpochNanos = Long.parseLong(f[3]);
      d.spans = Long.parseLong(f[4]);
      d.llmCalls = Long.parseLong(f[5]);
      d.inputTokens = Long.parseLong(f[6]);
      d.outputTokens = Long.parseLong(f[7]);
      d.toolCalls = Long.parseLong(f[8]);
      d.errors = Long.parseLong(f[9]);
      d.categories = Integer.parseInt(f[10]);
      if (!"-".equals(f[11])) {
        d.rootStartEpochNanos = Long.parseLong(f[11]);
        d.rootEndEpochNanos = Long.parseLong(f[12]);
        d.rootName = f[13];
      }
      int from = 0;
      String all = f[14];
      for (int i = 0; i <= all.length(); i++) {
        if (i == all.length() || all.charAt(i) == NAME_SEPARATOR) {
          if (i > from) {
            d.names.add(all.substring(from, i));
          }
          from = i + 1;
        }
      }
      return d;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Splits on tabs into exactly {@code n} fields (the last may hold anything but a tab); null otherwise. */
  static String[] split(String row, int n) {
    String[] fields = new String[n];
    int from = 0;
    for (int i = 0; i < n - 1; i++) {
      int tab = row.indexOf('\t', from);
      if (tab < 0) {
        return null;
      }
      fields[i] = row.substring(from, tab);
      from = tab + 1;
    }
    if (row.indexOf('\t', from) >= 0) {
      return null;
    }
    fields[n - 1] = row.substring(from);
    return fields;
  }

  public String traceId() {
    return traceId;
  }

  /** The earliest start of any span. */
  public long startEpochNanos() {
    return startEpochNanos;
  }

  /** The latest end of any span. */
  public long endEpochNanos() {
    return endEpochNanos;
  }

  /** From the earliest start to the latest end. */
  public long durationNanos() {
    return Math.max(0, endEpochNanos - startEpochNanos);
  }

  /** The root's start, or the earliest span's start while the root has not been stored (still running). */
  public long sortEpochNanos() {
    return rootName == null ? startEpochNanos : rootStartEpochNanos;
  }

  /** The root span's name, or null when no root span was stored. */
  public String rootName() {
    return rootName;
  }

  public long spans() {
    return spans;
  }

  public long llmCalls() {
    return llmCalls;
  }

  public long inputTokens() {
    return inputTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }

  public long toolCalls() {
    return toolCalls;
  }

  /** Spans with status ERROR. */
  public long errors() {
    return errors;
  }

  /** Whether any span has this category bit. */
  public boolean hasCategory(int bit) {
    return (categories & bit) != 0;
  }

  /** Distinct span names, in the order first seen. */
  public Set<String> names() {
    return Collections.unmodifiableSet(names);
  }
}
