package io.cludeobs.agent.metrics;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.config.HistogramKind;
import io.cludeobs.agent.metrics.endpoint.StatusEndpoint;
import io.cludeobs.agent.metrics.jvm.JvmMetrics;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Everything about metrics around the meter provider: the periodic reader for the storage backend
 * (with base-2 exponential histograms when asked), the Prometheus reader, the views that switch the
 * application and business groups off, and the thread that runs the JVM and system collectors.
 */
public final class MetricsPipeline {

  /** Instruments of the business group: tasks, LLM requests and tokens, tool calls. */
  public static final List<String> BUSINESS =
      Collections.unmodifiableList(
          Arrays.asList(
              "clude.task.duration",
              "gen_ai.client.operation.duration",
              "gen_ai.client.token.usage",
              "clude.tool.duration"));

  /** Instruments of the application group: other woven methods and calls in flight. */
  public static final List<String> APPLICATION =
      Collections.unmodifiableList(Arrays.asList("clude.span.duration", "clude.operations.active"));

  private final AgentConfig config;
  private final MemoryMetricExporter memory;
  private ScheduledExecutorService collectors;
  // set on the collectors' thread, read by shutdown on another
  private volatile JvmMetrics jvm;
  private volatile StatusEndpoint status;

  private MetricsPipeline(AgentConfig config, MemoryMetricExporter memory) {
    this.config = config;
    this.memory = memory;
  }

  /**
   * Adds readers and views to {@code meters}; with {@code metrics_enabled=false} adds nothing.
   * {@code memory} is the backend's exporter when the backend is {@code memory}, else null.
   */
  public static MetricsPipeline configure(
      SdkMeterProviderBuilder meters, AgentConfig config, MetricExporter exporter, MemoryMetricExporter memory) {
    MetricsPipeline pipeline = new MetricsPipeline(config, memory);
    if (!config.metricsEnabled()) {
      return pipeline;
    }
    if (!config.businessMetrics()) {
      drop(meters, BUSINESS);
    }
    if (!config.applicationMetrics()) {
      drop(meters, APPLICATION);
    }
    MetricExporter backend =
        config.histogram() == HistogramKind.EXPONENTIAL ? new ExponentialHistograms(exporter) : exporter;
    meters.registerMetricReader(
        PeriodicMetricReader.builder(backend).setInterval(config.collectionInterval()).build());
    if (config.prometheusEnabled()) {
      prometheus(meters, config);
    }
    return pipeline;
  }

  private static void prometheus(SdkMeterProviderBuilder meters, AgentConfig config) {
    String where = config.prometheusHost() + ":" + config.prometheusPort();
    try {
      // classic histograms: the text format Prometheus scrapes has no exponential buckets
      meters.registerMetricReader(
          PrometheusHttpServer.builder()
              .setHost(config.prometheusHost())
              .setPort(config.prometheusPort())
              .build());
      AgentLog.debug("Prometheus endpoint on http://" + where + "/metrics");
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      AgentLog.info(
          "clude.obs.metrics.prometheus.port="
              + config.prometheusPort()
              + ": cannot listen on "
              + where
              + " ("
              + cause.getMessage()
              + "); choose a free port or host; Prometheus endpoint not started, other metrics still run");
    }
  }

  private static void drop(SdkMeterProviderBuilder meters, List<String> names) {
    for (String name : names) {
      meters.registerView(
          InstrumentSelector.builder().setName(name).build(),
          View.builder().setAggregation(Aggregation.drop()).build());
    }
  }

  /**
   * Starts the JVM and system collectors and the status endpoint on a background thread: the
   * MXBeans and OSHI take tens of milliseconds to load, which must not land on an application
   * thread.
   */
  public synchronized void start(final Meter meter) {
    if (!config.metricsEnabled()) {
      return;
    }
    boolean statusWanted = config.statusEnabled() && memory != null;
    if (config.statusEnabled() && memory == null) {
      AgentLog.info(
          "clude.obs.metrics.status.enabled=true: the status endpoint serves the memory backend, but"
              + " metrics.storage_backend is "
              + config.metricsBackend().name().toLowerCase(java.util.Locale.ROOT)
              + "; set metrics.storage_backend=memory or turn the endpoint off; not started");
    }
    if (!config.jvmMetrics() && !config.systemMetrics() && !statusWanted) {
      return;
    }
    collectors =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "clude-obs-collectors");
              t.setDaemon(true);
              return t;
            });
    collectors.execute(() -> startCollectors(meter, statusWanted));
  }

  private void startCollectors(Meter meter, boolean statusWanted) {
    try {
      if (config.jvmMetrics()) {
        jvm = JvmMetrics.register(meter);
      }
      if (statusWanted) {
        status = StatusEndpoint.start(config.statusPort(), memory);
      }
      if (config.systemMetrics()) {
        final Runnable system = JnaIsolation.startSystemMetrics(meter);
        if (system != null) {
          long every = config.collectionInterval().toMillis();
          collectors.scheduleAtFixedRate(
              () -> {
                try {
                  system.run();
                } catch (Throwable t) {
                  AgentLog.debug("system metrics refresh: " + t);
                }
              },
              every,
              every,
              TimeUnit.MILLISECONDS);
          AgentLog.debug(String.valueOf(system));
        }
      }
    } catch (RejectedExecutionException e) {
      // the application ended while OSHI was still loading: nothing left to collect for
      AgentLog.debug("collectors stopped before they started");
    } catch (Throwable t) {
      AgentLog.info("metric collectors could not start, the application runs without them: " + t);
    }
  }

  /** Stops the collectors and the status endpoint; the meter provider shuts the readers down. */
  public synchronized void shutdown() {
    if (collectors != null) {
      collectors.shutdownNow();
    }
    if (jvm != null) {
      jvm.close();
    }
    if (status != null) {
      status.stop();
    }
  }
}
