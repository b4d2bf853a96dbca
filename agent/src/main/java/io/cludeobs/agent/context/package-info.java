/**
 * The agent's side of context propagation: what a trace context is for the bootstrap hand-off
 * helpers ({@link io.cludeobs.agent.context.ContextBridge}) and the cleaner of their weak maps; the
 * baggage and {@code session.id} every trace starts with ({@link
 * io.cludeobs.agent.context.SessionBaggage}); and log correlation, the span ids the app's logging
 * sees ({@link io.cludeobs.agent.context.LogCorrelationInstaller}).
 */
package io.cludeobs.agent.context;
