package com.acme.iso;

import static net.bytebuddy.matcher.ElementMatchers.named;

import com.acme.app.Agent;
import com.acme.app.llm.ScriptedLlm;
import com.acme.app.tools.FailingTool;
import com.acme.app.tools.ReadTool;
import com.acme.app.tools.SearchTools;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;

/**
 * An app that bundles its own OpenTelemetry API+SDK and Byte Buddy (other versions than the
 * agent's) and uses both while the agent weaves it.
 */
public final class IsolatedApp {

  private IsolatedApp() {}

  public static void main(String[] args) throws Exception {
    List<String> exported = new ArrayList<>();
    SpanExporter collect =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            for (SpanData s : spans) {
              exported.add(s.getName());
            }
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(collect)).build())
        .buildAndRegisterGlobal();

    Span own = GlobalOpenTelemetry.getTracer("iso-app").spanBuilder("app-span").startSpan();
    try (Scope ignored = own.makeCurrent()) {
      new Agent(new ScriptedLlm("acme-model-1"), new ReadTool(), new SearchTools(), new FailingTool()).handle("iso");
      Span child = GlobalOpenTelemetry.getTracer("iso-app").spanBuilder("app-child").startSpan();
      child.end();
    } finally {
      own.end();
    }
    System.out.println("app-otel exported=" + exported);
    System.out.println("app-otel from " + jarOf(GlobalOpenTelemetry.class));
    System.out.println("app-otel-sdk from " + jarOf(OpenTelemetrySdk.class));

    Object made =
        new ByteBuddy()
            .subclass(Object.class)
            .method(named("toString"))
            .intercept(FixedValue.value("made by the app's Byte Buddy"))
            .make()
            .load(IsolatedApp.class.getClassLoader())
            .getLoaded()
            .getDeclaredConstructor()
            .newInstance();
    System.out.println("app-bytebuddy " + made);
    System.out.println("app-bytebuddy from " + jarOf(ByteBuddy.class));
  }

  private static String jarOf(Class<?> type) {
    String path = type.getProtectionDomain().getCodeSource().getLocation().getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
