package io.cludeobs.agent.context;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.tracing.ThreadState;
import io.cludeobs.bootstrap.context.ContextCarrier;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Tells the bootstrap hand-off helpers what the trace context is: the agent's (shaded)
 * OpenTelemetry context when it holds a span, or a marker for "inside an unsampled trace", which
 * is a per-thread counter rather than a context so the unsampled path allocates nothing.
 */
public final class ContextBridge implements ContextCarrier {

  /** Captured for work handed off inside an unsampled trace: its children must not start traces. */
  static final Object UNSAMPLED = new Object();
  /** Restore token of an unsampled attach that did not have to replace a span context. */
  private static final Object LEAVE_UNSAMPLED = new Object();

  @Override
  public Object capture() {
    try {
      ThreadState state = ThreadState.current();
      if (state.inHandOff()) {
        return null;
      }
      Context current = Context.current();
      if (Span.fromContext(current).getSpanContext().isValid()) {
        return current;
      }
      return state.inUnsampledTrace() ? UNSAMPLED : null;
    } catch (Throwable t) {
      contained(t);
      return null;
    }
  }

  @Override
  public Object attach(Object captured) {
    try {
      ThreadState state = ThreadState.current();
      if (state.inHandOff()) {
        // rare: the task runs inline inside an executor call; its own hand-offs must still carry
        return new Attached(attach(state, captured), state.suspendHandOff());
      }
      return attach(state, captured);
    } catch (Throwable t) {
      contained(t);
      return null;
    }
  }

  private static Object attach(ThreadState state, Object captured) {
    if (captured instanceof Context) {
      return ((Context) captured).makeCurrent();
    }
    if (captured == UNSAMPLED) {
      state.enterUnsampled();
      // a thread running a span of its own (a caller-runs executor) must not parent the work to it
      if (Span.fromContext(Context.current()).getSpanContext().isValid()) {
        return new UnsampledScope(Context.root().makeCurrent());
      }
      return LEAVE_UNSAMPLED;
    }
    return null;
  }

  @Override
  public void restore(Object token) {
    try {
      if (token instanceof Attached) {
        Attached attached = (Attached) token;
        restoreOne(attached.inner);
        ThreadState.current().resumeHandOff(attached.handOffDepth);
      } else {
        restoreOne(token);
      }
    } catch (Throwable t) {
      contained(t);
    }
  }

  private static void restoreOne(Object token) {
    if (token instanceof Scope) {
      ((Scope) token).close();
    } else if (token == LEAVE_UNSAMPLED) {
      ThreadState.current().leaveUnsampled();
    } else if (token instanceof UnsampledScope) {
      ((UnsampledScope) token).scope.close();
      ThreadState.current().leaveUnsampled();
    }
  }

  @Override
  public void beginHandOff() {
    ThreadState.current().beginHandOff();
  }

  @Override
  public void endHandOff() {
    ThreadState.current().endHandOff();
  }

  @Override
  public void lostHandOff(Object via) {
    ThreadState.current().lostHandOff(via);
  }

  private static void contained(Throwable t) {
    AgentLog.once(
        "context " + t.getClass().getName(),
        "internal error contained in context propagation (the application is not affected): " + t);
  }

  private static final class Attached {
    final Object inner;
    final int handOffDepth;

    Attached(Object inner, int handOffDepth) {
      this.inner = inner;
      this.handOffDepth = handOffDepth;
    }
  }

  private static final class UnsampledScope {
    final Scope scope;

    UnsampledScope(Scope scope) {
      this.scope = scope;
    }
  }
}
