/**
 * The agent's side of context propagation: what a trace context is for the bootstrap hand-off
 * helpers ({@link io.cludeobs.agent.context.ContextBridge}) and the cleaner of their weak maps.
 */
package io.cludeobs.agent.context;
