/**
 * The self-contained HTML report of {@code clude-obs profile report}: data selected from the local store (traces,
 * metrics, JFR profiles, bottleneck findings), turned into one JSON document and drawn by an inline script.
 */
package io.cludeobs.agent.report;
