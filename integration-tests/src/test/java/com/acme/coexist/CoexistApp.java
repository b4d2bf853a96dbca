package com.acme.coexist;

import static net.bytebuddy.matcher.ElementMatchers.named;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * An app that brings its own OpenTelemetry SDK (registered as the global one), Byte Buddy (with an agent it installs
 * itself), OSHI/JNA, Jackson and OkHttp, each another version than the one inside clude-obs.jar, and prints what
 * each of them gave it. Knows nothing of clude-obs; {@link Chores#run} is the task the tests point the agent at.
 */
public final class CoexistApp {

  private CoexistApp() {}

  /** Arguments: none. Exits with 0 and prints {@code coexist done} when every library gave the expected result. */
  public static void main(String[] args) throws Exception {
    Collect exported = new Collect();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
            .build();
    GlobalOpenTelemetry.set(sdk);

    Instrumentation inst = ByteBuddyAgent.install();
    new AgentBuilder.Default()
        .type(named("com.acme.coexist.Greeter"))
        .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(Shout.class).on(named("greet"))))
        .installOn(inst);

    Tracer tracer = GlobalOpenTelemetry.getTracer("coexist-app");
    Span own = tracer.spanBuilder("app-span").startSpan();
    String result;
    try (Scope ignored = own.makeCurrent()) {
      result = new Chores().run();
      tracer.spanBuilder("app-child").startSpan().end();
    } finally {
      own.end();
    }
    System.out.println(result);
    System.out.println("app-otel exported=" + exported.describe());
    System.out.println("app-otel from " + Chores.jarOf(GlobalOpenTelemetry.class));
    System.out.println("app-bytebuddy from " + Chores.jarOf(AgentBuilder.class));
    sdk.close();
    System.out.println("coexist done");
  }

  /** The app's own instrumentation: upper-cases what {@link Greeter#greet} returns. */
  static final class Shout {
    private Shout() {}

    @Advice.OnMethodExit
    static void exit(@Advice.Return(readOnly = false) String value) {
      value = value.toUpperCase(java.util.Locale.ROOT);
    }
  }

  /** The app's in-memory exporter. */
  private static final class Collect implements SpanExporter {
    private final List<SpanData> seen = new ArrayList<>();

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
      seen.addAll(spans);
      return CompletableResultCode.ofSuccess();
    }

    /** Each span in end order as {@code name<parent name}, {@code name<-} for a root, {@code name<?} for a parent not seen. */
    synchronized String describe() {
      List<String> out = new ArrayList<>();
      for (SpanData s : seen) {
        String parent = s.getParentSpanContext().isValid() ? "?" : "-";
        for (SpanData p : seen) {
          if (p.getSpanId().equals(s.getParentSpanId()) && p.getTraceId().equals(s.getTraceId())) {
            parent = p.getName();
          }
        }
        out.add(s.getName() + "<" + parent);
      }
      return out.toString();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
