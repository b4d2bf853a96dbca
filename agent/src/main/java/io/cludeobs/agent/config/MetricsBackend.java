package io.cludeobs.agent.config;

/** Where metrics go: the local store, memory only, or a remote OTLP collector. */
public enum MetricsBackend {
  FILE,
  MEMORY,
  REMOTE
}
