package io.cludeobs.agent.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The calls of a time range, in start order, grouped by series key and by trace. */
final class CallSet {

  final List<Call> calls;
  final Map<String, List<Call>> byKey = new LinkedHashMap<>();
  final Map<String, List<Call>> byTrace = new LinkedHashMap<>();

  CallSet(List<Call> calls) {
    List<Call> sorted = new ArrayList<>(calls);
    sorted.sort(Comparator.comparingLong((Call c) -> c.startNanos).thenComparing(c -> c.spanId));
    this.calls = Collections.unmodifiableList(sorted);
    for (Call c : sorted) {
      byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
      byTrace.computeIfAbsent(c.traceId, k -> new ArrayList<>()).add(c);
    }
  }

  /** Up to {@code max} distinct trace ids of these calls, in the given order. */
  static List<String> traceIds(List<Call> calls, int max) {
    List<String> ids = new ArrayList<>();
    for (Call c : calls) {
      if (!ids.contains(c.traceId)) {
        ids.add(c.traceId);
        if (ids.size() == max) {
          break;
        }
      }
    }
    return ids;
  }

  static String seconds(double s) {
    if (s < 1) {
      return String.format(Locale.ROOT, "%.0f ms", s * 1000);
    }
    return String.format(Locale.ROOT, "%.2f s", s);
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }

  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.3g", v);
  }
}
