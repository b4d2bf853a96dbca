package io.cludeobs.agent.report;

import java.util.Collections;
import java.util.Map;

/** CPU and allocation profiles the report draws as flame graphs, and the resources each tool used. */
public interface ProfileSource {

  /** What a flame graph weighs. */
  enum Kind {
    /** Execution samples; the weight is a sample count. */
    CPU,
    /** Allocation samples; the weight is bytes. */
    ALLOCATION
  }

  /** No profile data: the report leaves out its flame graphs. */
  ProfileSource NONE =
      new ProfileSource() {
        @Override
        public Map<String, Long> flameGraph(Kind kind, String traceId, String tool) {
          return Collections.emptyMap();
        }

        @Override
        public boolean linkedToSpans() {
          return false;
        }

        @Override
        public Map<String, Map<String, Long>> resourcesByTool() {
          return Collections.emptyMap();
        }
      };

  /**
   * Folded stacks, root frame first and frames joined by {@code ;}, to their weight; {@code traceId} and {@code
   * tool} narrow the samples to one trace or one tool when not null (only when {@link #linkedToSpans()}).
   */
  Map<String, Long> flameGraph(Kind kind, String traceId, String tool);

  /** Whether samples were attributed to spans, so that a flame graph per trace and per tool can be drawn. */
  boolean linkedToSpans();

  /**
   * Per tool name, resource figures by column name; a column ending in {@code _bytes} is shown as a size, one
   * ending in {@code _ms} as a duration, any other as a count.
   */
  Map<String, Map<String, Long>> resourcesByTool();
}
