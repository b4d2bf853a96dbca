/** Span and metric exporters (local store files, console) and the span batching processor. */
package io.cludeobs.agent.export;
