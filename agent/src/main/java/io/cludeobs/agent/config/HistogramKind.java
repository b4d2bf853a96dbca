package io.cludeobs.agent.config;

/** How duration and token histograms are bucketed: fixed boundaries or base-2 exponential. */
public enum HistogramKind {
  EXPLICIT,
  EXPONENTIAL
}
