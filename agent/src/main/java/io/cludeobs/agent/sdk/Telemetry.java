package io.cludeobs.agent.sdk;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.config.HistogramKind;
import io.cludeobs.agent.config.MetricsBackend;
import io.cludeobs.agent.config.OtlpSettings;
import io.cludeobs.agent.config.TraceExporterKind;
import io.cludeobs.agent.context.SessionBaggage;
import io.cludeobs.agent.export.BatchingSpanProcessor;
import io.cludeobs.agent.fileio.StripedFileIoMetrics;
import io.cludeobs.agent.metrics.MemoryMetricExporter;
import io.cludeobs.agent.metrics.MetricsPipeline;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's OpenTelemetry SDK: a tracer provider whose spans go through our batching processor
 * to the configured exporters, and a meter provider with one periodic reader for the configured
 * metrics backend.
 */
public final class Telemetry {

  public static final String INSTRUMENTATION_SCOPE = "io.cludeobs";

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> DISTRO_NAME = AttributeKey.stringKey("telemetry.distro.name");
  private static final AttributeKey<String> DISTRO_VERSION = AttributeKey.stringKey("telemetry.distro.version");
  private static final AttributeKey<Long> PROCESS_PID = AttributeKey.longKey("process.pid");

  /** Kept strongly: java.util.logging holds loggers weakly, and the level must stick. */
  private static Logger quietSdkLogger;

  private final SdkTracerProvider tracerProvider;
  private final SdkMeterProvider meterProvider;
  private final SpanProcessors processors;
  private final MemoryMetricExporter memoryMetrics;
  private final MetricsPipeline metrics;
  private final StripedFileIoMetrics fileIoMetrics;

  private Telemetry(
      SdkTracerProvider tracerProvider,
      SdkMeterProvider meterProvider,
      SpanProcessors processors,
      MemoryMetricExporter memoryMetrics,
      MetricsPipeline metrics,
      StripedFileIoMetrics fileIoMetrics) {
    this.tracerProvider = tracerProvider;
    this.meterProvider = meterProvider;
    this.processors = processors;
    this.memoryMetrics = memoryMetrics;
    this.metrics = metrics;
    this.fileIoMetrics = fileIoMetrics;
  }

  public static Telemetry start(AgentConfig config) {
    Resource resource = resource(config);
    OtlpSettings otlp = config.otlp();
    if (config.traceExporters().contains(TraceExporterKind.OTLP)
        || config.metricsBackend() == MetricsBackend.REMOTE) {
      quietSdkLogging();
    }

    MemoryMetricExporter memory = null;
    SdkMeterProviderBuilder meters = SdkMeterProvider.builder().setResource(resource);
    MetricExporter exporter = null;
    if (config.metricsEnabled()) {
      switch (config.metricsBackend()) {
        case REMOTE:
          exporter = new ReportingMetricExporter(otlpMetricExporter(otlp), "OTLP metrics export to " + otlp.metricsEndpoint());
          break;
        case MEMORY:
          memory = new MemoryMetricExporter(config.memoryWindows());
          exporter = memory;
          break;
        case FILE:
        default:
          exporter = LocalStoreExporters.metrics(config);
          break;
      }
    }
    MetricsPipeline metrics = MetricsPipeline.configure(meters, config, exporter, memory);
    // the file metrics with explicit buckets are kept outside the SDK's instruments (see the class)
    StripedFileIoMetrics fileIoMetrics = null;
    if (config.metricsEnabled()
        && config.histogram() == HistogramKind.EXPLICIT
        && config.instrumentationEnabled("file-io")) {
      fileIoMetrics =
          new StripedFileIoMetrics(
              InstrumentationScopeInfo.builder(INSTRUMENTATION_SCOPE).setVersion(version()).build());
      meters.registerMetricProducer(fileIoMetrics);
    }
    SdkMeterProvider meterProvider = meters.build();

    List<SpanExporter> exporters = new ArrayList<>();
    if (config.tracingEnabled()) {
      for (TraceExporterKind kind : config.traceExporters()) {
        switch (kind) {
          case FILE:
            exporters.add(LocalStoreExporters.spans(config));
            break;
          case OTLP:
            exporters.add(new ReportingSpanExporter(otlpSpanExporter(otlp), "OTLP traces export to " + otlp.tracesEndpoint()));
            break;
          case CONSOLE:
            exporters.add(LocalStoreExporters.console());
            break;
          default:
            break;
        }
      }
    }
    SpanProcessors processors = SpanProcessors.create(config, exporters, meterProvider);
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder()
            .setResource(resource)
            // the root decision is made by HeadSampler before a span is started
            .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
            // session.id and baggage attributes are set at start, before any exporter sees the span
            .addSpanProcessor(SessionBaggage.from(config).spanProcessor())
            .addSpanProcessor(processors.processor())
            .build();
    Telemetry telemetry = new Telemetry(tracerProvider, meterProvider, processors, memory, metrics, fileIoMetrics);
    metrics.start(telemetry.meter());
    return telemetry;
  }

  public Tracer tracer() {
    return tracerProvider.get(INSTRUMENTATION_SCOPE, version());
  }

  public Meter meter() {
    return meterProvider.meterBuilder(INSTRUMENTATION_SCOPE).setInstrumentationVersion(version()).build();
  }

  /**
   * Where the file-io instrumentation records its metrics when they have explicit buckets; null
   * when the SDK's instruments must aggregate them (exponential histograms, metrics or file-io off).
   */
  public StripedFileIoMetrics fileIoMetrics() {
    return fileIoMetrics;
  }

  public MemoryMetricExporter memoryMetrics() {
    return memoryMetrics;
  }

  /** Flushes and stops everything, waiting at most {@code limit} in all. */
  public void shutdown(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      metrics.shutdown();
      processors.shutdown(limit);
      CompletableResultCode traces = tracerProvider.shutdown();
      CompletableResultCode metrics = meterProvider.shutdown();
      traces.join(remainingMillis(deadline), TimeUnit.MILLISECONDS);
      metrics.join(remainingMillis(deadline), TimeUnit.MILLISECONDS);
    } catch (Throwable t) {
      AgentLog.debug("shutdown: " + t);
    }
  }

  private static long remainingMillis(long deadline) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  static String version() {
    String v = Telemetry.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static Resource resource(AgentConfig config) {
    AttributesBuilder attributes = Attributes.builder();
    for (Map.Entry<String, String> e : config.resourceAttributes().entrySet()) {
      attributes.put(e.getKey(), e.getValue());
    }
    attributes.put(SERVICE_NAME, config.serviceName());
    attributes.put(DISTRO_NAME, "clude-obs");
    attributes.put(DISTRO_VERSION, version());
    attributes.put(PROCESS_PID, ProcessHandle.current().pid());
    return Resource.getDefault().merge(Resource.create(attributes.build()));
  }

  /**
   * Finds the SDK's plug-ins as usual, except that http/protobuf is always sent by {@link NoDelayOkHttpSender}: the
   * SDK's OkHttp sender leaves Nagle's algorithm on (about 40 ms a request), and its JDK HttpClient sender costs
   * more CPU and latency per request (see the sender's comment).
   */
  static final ComponentLoader HTTP_SENDER =
      new ComponentLoader() {
        private final ComponentLoader all = ComponentLoader.forClassLoader(Telemetry.class.getClassLoader());

        @Override
        @SuppressWarnings("unchecked")
        public <T> Iterable<T> load(Class<T> type) {
          if (type == HttpSenderProvider.class) {
            return Collections.singletonList((T) NoDelayOkHttpSender.PROVIDER);
          }
          return all.load(type);
        }
      };

  /**
   * The threads that run http/protobuf sends (and their retries), one call each from write to response. A fixed
   * pool that queues: the SDK's JDK sender's own pool rejected a send when its five threads were busy, which lost a
   * batch now and then at high rates. The queue stays
   * short: the span processor keeps at most {@link io.cludeobs.agent.export.BatchingSpanProcessor#MAX_IN_FLIGHT}
   * exports open, and metrics export once per interval. Daemon threads, gone after a minute idle.
   */
  private static final ExecutorService HTTP_SENDS = httpSendThreads();

  private static ExecutorService httpSendThreads() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            BatchingSpanProcessor.MAX_IN_FLIGHT, BatchingSpanProcessor.MAX_IN_FLIGHT, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "clude-obs-otlp-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static SpanExporter otlpSpanExporter(OtlpSettings otlp) {
    if (otlp.tracesProtocol() == OtlpSettings.Protocol.GRPC) {
      io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder b =
          OtlpGrpcSpanExporter.builder()
              .setEndpoint(otlp.tracesEndpoint())
              .setTimeout(otlp.tracesTimeout());
      otlp.tracesHeaders().forEach(b::addHeader);
      if (otlp.tracesCertificate() != null) {
        b.setTrustedCertificates(otlp.tracesCertificate());
      }
      return b.build();
    }
    io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder b =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(otlp.tracesEndpoint())
            .setTimeout(otlp.tracesTimeout())
            .setComponentLoader(HTTP_SENDER)
            .setExecutorService(HTTP_SENDS);
    otlp.tracesHeaders().forEach(b::addHeader);
    if (otlp.tracesCertificate() != null) {
      b.setTrustedCertificates(otlp.tracesCertificate());
    }
    return b.build();
  }

  private static MetricExporter otlpMetricExporter(OtlpSettings otlp) {
    if (otlp.metricsProtocol() == OtlpSettings.Protocol.GRPC) {
      io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporterBuilder b =
          OtlpGrpcMetricExporter.builder()
              .setEndpoint(otlp.metricsEndpoint())
              .setTimeout(otlp.metricsTimeout());
      otlp.metricsHeaders().forEach(b::addHeader);
      if (otlp.metricsCertificate() != null) {
        b.setTrustedCertificates(otlp.metricsCertificate());
      }
      return b.build();
    }
    io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder b =
        OtlpHttpMetricExporter.builder()
            .setEndpoint(otlp.metricsEndpoint())
            .setTimeout(otlp.metricsTimeout())
            .setComponentLoader(HTTP_SENDER)
            .setExecutorService(HTTP_SENDS);
    otlp.metricsHeaders().forEach(b::addHeader);
    if (otlp.metricsCertificate() != null) {
      b.setTrustedCertificates(otlp.metricsCertificate());
    }
    return b.build();
  }

  /** The SDK logs export failures through java.util.logging as multi-line warnings; we report them ourselves. */
  private static synchronized void quietSdkLogging() {
    if (quietSdkLogger == null) {
      String pkg = Sampler.class.getName();
      quietSdkLogger = Logger.getLogger(pkg.substring(0, pkg.indexOf(".sdk.")));
      quietSdkLogger.setLevel(AgentLog.isDebug() ? Level.INFO : Level.OFF);
    }
  }
}
