package io.cludeobs.agent.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.agent.tracing.ThreadState;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ContextBridgeTest {

  private static final SpanContext SPAN =
      SpanContext.create(
          "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());

  private final ContextBridge bridge = new ContextBridge();

  @Test
  void theEmptyRootContextIsNotCaptured() {
    assertThat(bridge.capture()).isNull();
  }

  @Test
  void aSpanContextIsCarriedToAnotherThreadAndRemovedAfterwards() throws Exception {
    Object captured;
    try (Scope ignored = Context.root().with(Span.wrap(SPAN)).makeCurrent()) {
      captured = bridge.capture();
    }
    assertThat(captured).isInstanceOf(Context.class);
    AtomicReference<SpanContext> during = new AtomicReference<>();
    AtomicReference<SpanContext> after = new AtomicReference<>();
    Thread worker =
        new Thread(
            () -> {
              Object token = bridge.attach(captured);
              during.set(Span.current().getSpanContext());
              bridge.restore(token);
              after.set(Span.current().getSpanContext());
            });
    worker.start();
    worker.join();
    assertThat(during.get()).isEqualTo(SPAN);
    assertThat(after.get().isValid()).isFalse();
  }

  @Test
  void anUnsampledTraceIsCarriedAsAMarkerAndLeftAfterwards() throws Exception {
    ThreadState.current().enterUnsampled();
    Object captured;
    try {
      captured = bridge.capture();
    } finally {
      ThreadState.current().leaveUnsampled();
    }
    assertThat(captured).isSameAs(ContextBridge.UNSAMPLED);
    boolean[] seen = new boolean[2];
    Thread worker =
        new Thread(
            () -> {
              Object token = bridge.attach(captured);
              seen[0] = ThreadState.current().inUnsampledTrace();
              bridge.restore(token);
              seen[1] = ThreadState.current().inUnsampledTrace();
            });
    worker.start();
    worker.join();
    assertThat(seen).containsExactly(true, false);
  }

  @Test
  void anUnsampledTaskRunInlineUnderASpanIsNotParentedToThatSpan() {
    try (Scope ignored = Context.root().with(Span.wrap(SPAN)).makeCurrent()) {
      Object token = bridge.attach(ContextBridge.UNSAMPLED);
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
      assertThat(ThreadState.current().inUnsampledTrace()).isTrue();
      bridge.restore(token);
      assertThat(Span.current().getSpanContext()).isEqualTo(SPAN);
      assertThat(ThreadState.current().inUnsampledTrace()).isFalse();
    }
  }

  @Test
  void insideAHandOffNothingIsCapturedButATaskRunInlineCapturesAgain() {
    try (Scope ignored = Context.root().with(Span.wrap(SPAN)).makeCurrent()) {
      Object captured = bridge.capture();
      bridge.beginHandOff();
      try {
        assertThat(bridge.capture()).isNull();
        Object token = bridge.attach(captured);
        assertThat(bridge.capture()).isSameAs(captured);
        bridge.restore(token);
        assertThat(bridge.capture()).isNull();
      } finally {
        bridge.endHandOff();
      }
      assertThat(bridge.capture()).isSameAs(captured);
    }
  }
}
