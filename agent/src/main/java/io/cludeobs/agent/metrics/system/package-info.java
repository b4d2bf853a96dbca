/**
 * Host and process metrics read with OSHI. Loaded by a private class loader in the shaded jar (see
 * {@code JnaIsolation}), so nothing outside this package may reference these classes directly.
 */
package io.cludeobs.agent.metrics.system;
