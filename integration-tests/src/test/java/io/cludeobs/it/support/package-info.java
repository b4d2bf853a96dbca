/**
 * Test-side support for clude-obs integration tests: a real OTLP receiver, OTLP-JSON parsing, span-tree rendering
 * and a launcher for JVMs running sample apps with the shaded agent.
 */
package io.cludeobs.it.support;
