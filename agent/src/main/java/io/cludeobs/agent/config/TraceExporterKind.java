package io.cludeobs.agent.config;

/** A destination for finished spans; "none" is the empty set rather than a constant. */
public enum TraceExporterKind {
  FILE,
  OTLP,
  CONSOLE
}
