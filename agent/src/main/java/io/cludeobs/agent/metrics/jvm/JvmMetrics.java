package io.cludeobs.agent.metrics.jvm;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * JVM runtime metrics from the platform MXBeans, named as in the OpenTelemetry JVM semantic
 * conventions: memory by pool, GC duration, threads, classes and CPU.
 */
public final class JvmMetrics implements AutoCloseable {

  static final AttributeKey<String> MEMORY_TYPE = AttributeKey.stringKey("jvm.memory.type");
  static final AttributeKey<String> MEMORY_POOL = AttributeKey.stringKey("jvm.memory.pool.name");
  static final AttributeKey<String> GC_NAME = AttributeKey.stringKey("jvm.gc.name");
  static final AttributeKey<String> GC_ACTION = AttributeKey.stringKey("jvm.gc.action");
  static final AttributeKey<Boolean> THREAD_DAEMON = AttributeKey.booleanKey("jvm.thread.daemon");

  /** Boundaries the JVM conventions advise for {@code jvm.gc.duration}. */
  static final List<Double> GC_BUCKETS = Arrays.asList(0.01, 0.1, 1.0, 10.0);

  private final List<Runnable> removals = new ArrayList<>();

  private JvmMetrics() {}

  /** Registers the instruments; the returned handle removes the GC listeners. */
  public static JvmMetrics register(Meter meter) {
    JvmMetrics m = new JvmMetrics();
    m.memory(meter);
    m.gc(meter);
    m.threads(meter);
    m.classes(meter);
    m.cpu(meter);
    return m;
  }

  private void memory(Meter meter) {
    final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    final Attributes[] attributes = new Attributes[pools.size()];
    for (int i = 0; i < pools.size(); i++) {
      MemoryPoolMXBean pool = pools.get(i);
      attributes[i] =
          Attributes.of(
              MEMORY_TYPE,
              pool.getType() == MemoryType.HEAP ? "heap" : "non_heap",
              MEMORY_POOL,
              pool.getName());
    }
    meter
        .upDownCounterBuilder("jvm.memory.used")
        .setDescription("Measure of memory used.")
        .setUnit("By")
        .buildWithCallback(
            m -> {
              for (int i = 0; i < pools.size(); i++) {
                MemoryUsage u = pools.get(i).getUsage();
                if (u != null) {
                  m.record(u.getUsed(), attributes[i]);
                }
              }
            });
    meter
        .upDownCounterBuilder("jvm.memory.committed")
        .setDescription("Measure of memory committed.")
        .setUnit("By")
        .buildWithCallback(
            m -> {
              for (int i = 0; i < pools.size(); i++) {
                MemoryUsage u = pools.get(i).getUsage();
                if (u != null) {
                  m.record(u.getCommitted(), attributes[i]);
                }
              }
            });
    meter
        .upDownCounterBuilder("jvm.memory.limit")
        .setDescription("Measure of max obtainable memory.")
        .setUnit("By")
        .buildWithCallback(
            m -> {
              for (int i = 0; i < pools.size(); i++) {
                MemoryUsage u = pools.get(i).getUsage();
                // -1 means no limit; the conventions say to leave the point out then
                if (u != null && u.getMax() >= 0) {
                  m.record(u.getMax(), attributes[i]);
                }
              }
            });
  }

  private void gc(Meter meter) {
    final DoubleHistogram duration =
        meter
            .histogramBuilder("jvm.gc.duration")
            .setDescription("Duration of JVM garbage collection actions.")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(GC_BUCKETS)
            .build();
    NotificationListener listener =
        new NotificationListener() {
          @Override
          public void handleNotification(Notification n, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
              return;
            }
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            duration.record(
                info.getGcInfo().getDuration() / 1000.0,
                Attributes.of(GC_NAME, info.getGcName(), GC_ACTION, info.getGcAction()));
          }
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter) {
        final NotificationEmitter emitter = (NotificationEmitter) gc;
        emitter.addNotificationListener(listener, null, null);
        removals.add(
            () -> {
              try {
                emitter.removeNotificationListener(listener);
              } catch (Exception e) {
                // already gone: nothing to undo
              }
            });
      }
    }
  }

  private void threads(Meter meter) {
    final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    final Attributes daemon = Attributes.of(THREAD_DAEMON, true);
    final Attributes nonDaemon = Attributes.of(THREAD_DAEMON, false);
    meter
        .upDownCounterBuilder("jvm.thread.count")
        .setDescription("Number of executing platform threads.")
        .setUnit("{thread}")
        .buildWithCallback(
            m -> {
              int all = threads.getThreadCount();
              int d = threads.getDaemonThreadCount();
              m.record(d, daemon);
              m.record(all - d, nonDaemon);
            });
  }

  private void classes(Meter meter) {
    final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    meter
        .counterBuilder("jvm.class.loaded")
        .setDescription("Number of classes loaded since JVM start.")
        .setUnit("{class}")
        .buildWithCallback(m -> m.record(classes.getTotalLoadedClassCount()));
    meter
        .counterBuilder("jvm.class.unloaded")
        .setDescription("Number of classes unloaded since JVM start.")
        .setUnit("{class}")
        .buildWithCallback(m -> m.record(classes.getUnloadedClassCount()));
    meter
        .upDownCounterBuilder("jvm.class.count")
        .setDescription("Number of classes currently loaded.")
        .setUnit("{class}")
        .buildWithCallback(m -> m.record(classes.getLoadedClassCount()));
  }

  private void cpu(Meter meter) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    meter
        .upDownCounterBuilder("jvm.cpu.count")
        .setDescription("Number of processors available to the JVM.")
        .setUnit("{cpu}")
        .buildWithCallback(m -> m.record(Runtime.getRuntime().availableProcessors()));
    // the com.sun bean is there on HotSpot and OpenJ9; elsewhere only the count is reported
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      final com.sun.management.OperatingSystemMXBean sun = (com.sun.management.OperatingSystemMXBean) os;
      meter
          .counterBuilder("jvm.cpu.time")
          .ofDoubles()
          .setDescription("CPU time used by the process as reported by the JVM.")
          .setUnit("s")
          .buildWithCallback(
              m -> {
                long nanos = sun.getProcessCpuTime();
                if (nanos >= 0) {
                  m.record(nanos / 1e9);
                }
              });
      meter
          .gaugeBuilder("jvm.cpu.recent_utilization")
          .setDescription("Recent CPU utilization for the process as reported by the JVM.")
          .setUnit("1")
          .buildWithCallback(
              m -> {
                double load = sun.getProcessCpuLoad();
                if (load >= 0) {
                  m.record(load);
                }
              });
    }
  }

  @Override
  public void close() {
    for (Runnable r : removals) {
      r.run();
    }
    removals.clear();
  }
}
