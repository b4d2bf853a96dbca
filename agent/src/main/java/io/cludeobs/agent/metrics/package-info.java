/**
 * The metrics system around the SDK's meter provider: readers for the storage backends and
 * Prometheus, the group switches, and the collectors that run without woven code (JVM, system).
 */
package io.cludeobs.agent.metrics;
