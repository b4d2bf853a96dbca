/** Bottleneck detection over what the agent recorded: thresholds, trends, anomalies and patterns. */
package io.cludeobs.agent.analysis;
