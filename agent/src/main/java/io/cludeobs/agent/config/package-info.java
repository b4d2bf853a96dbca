/**
 * Agent settings: reads {@code clude.obs.*} system properties, {@code CLUDE_OBS_*} environment
 * variables, the {@code [observability]} TOML file and the standard {@code OTEL_*} settings, and
 * turns every bad value into one line for the user plus a safe default.
 */
package io.cludeobs.agent.config;
