/**
 * Time-window and statistical aggregation over stored metric data (OTLP-JSON lines): the CLI and
 * reports read metrics through {@link io.cludeobs.agent.metrics.aggregate.StoredMetrics} and
 * {@link io.cludeobs.agent.metrics.aggregate.WindowAggregator}.
 */
package io.cludeobs.agent.metrics.aggregate;
