package io.cludeobs.bootstrap.context;

/** What the agent tells log-correlation advice about the span current on this thread. */
public interface SpanIds {

  /**
   * The current span's trace id, span id and trace flags (lowercase hex), in that order; null when
   * no valid span is current. Never throws.
   */
  String[] current();

  /** No span is ever current; in place until the agent installs its source. */
  SpanIds NONE =
      new SpanIds() {
        @Override
        public String[] current() {
          return null;
        }
      };
}
