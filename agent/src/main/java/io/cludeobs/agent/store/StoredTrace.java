package io.cludeobs.agent.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** All stored spans of one trace, with its roots and time extent. */
public final class StoredTrace {

  private static final Comparator<StoredSpan> BY_START =
      Comparator.comparingLong(StoredSpan::startEpochNanos).thenComparing(StoredSpan::spanId);

  private final String traceId;
  private final List<StoredSpan> spans;
  private final List<StoredSpan> roots;
  private final Map<String, List<StoredSpan>> children;
  private final long startEpochNanos;
  private final long endEpochNanos;

  private StoredTrace(String traceId, List<StoredSpan> spans) {
    this.traceId = traceId;
    List<StoredSpan> sorted = new ArrayList<>(spans);
    sorted.sort(BY_START);
    this.spans = Collections.unmodifiableList(sorted);
    Set<String> ids = new HashSet<>();
    for (StoredSpan span : sorted) {
      ids.add(span.spanId());
    }
    List<StoredSpan> rootList = new ArrayList<>();
    Map<String, List<StoredSpan>> childMap = new LinkedHashMap<>();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (StoredSpan span : sorted) {
      // A span whose parent was not stored (unsampled upstream, another process, dropped) is shown as a root.
      if (span.parentSpanId() == null || !ids.contains(span.parentSpanId())) {
        rootList.add(span);
      } else {
        childMap.computeIfAbsent(span.parentSpanId(), k -> new ArrayList<>()).add(span);
      }
      start = Math.min(start, span.startEpochNanos());
      end = Math.max(end, span.endEpochNanos());
    }
    if (rootList.isEmpty()) {
      // Only corrupt data (a parent cycle) gets here; start the tree at the earliest span.
      StoredSpan first = sorted.get(0);
      rootList.add(first);
      childMap.get(first.parentSpanId()).remove(first);
    }
    this.roots = Collections.unmodifiableList(rootList);
    this.children = childMap;
    this.startEpochNanos = start;
    this.endEpochNanos = end;
  }

  /** Groups spans by trace id, newest trace first (by the start of its first root). */
  public static List<StoredTrace> group(List<StoredSpan> spans) {
    Map<String, List<StoredSpan>> byTrace = new LinkedHashMap<>();
    for (StoredSpan span : spans) {
      byTrace.computeIfAbsent(span.traceId(), k -> new ArrayList<>()).add(span);
    }
    List<StoredTrace> traces = new ArrayList<>();
    for (Map.Entry<String, List<StoredSpan>> entry : byTrace.entrySet()) {
      traces.add(new StoredTrace(entry.getKey(), entry.getValue()));
    }
    traces.sort(
        Comparator.comparingLong(StoredTrace::rootStartEpochNanos)
            .reversed()
            .thenComparing(StoredTrace::traceId));
    return traces;
  }

  public String traceId() {
    return traceId;
  }

  /** All spans, ordered by start time. */
  public List<StoredSpan> spans() {
    return spans;
  }

  /** Spans without a stored parent, ordered by start time; the first is the trace's root. */
  public List<StoredSpan> roots() {
    return roots;
  }

  /** Direct children of a span, ordered by start time. */
  public List<StoredSpan> children(StoredSpan parent) {
    List<StoredSpan> list = children.get(parent.spanId());
    return list == null ? Collections.<StoredSpan>emptyList() : Collections.unmodifiableList(list);
  }

  /** The start of the first root span. */
  public long rootStartEpochNanos() {
    return roots.get(0).startEpochNanos();
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
}
