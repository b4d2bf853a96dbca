package io.cludeobs.agent.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingSpanProcessorTest {

  private final List<SdkTracerProvider> providers = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void tearDown() {
    release.countDown();
    for (SdkTracerProvider provider : providers) {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /** Records the names in every batch it receives. */
  private static final class RecordingExporter implements SpanExporter {
    final BlockingQueue<List<String>> batches = new LinkedBlockingQueue<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      List<String> names = new ArrayList<>();
      for (SpanData span : spans) {
        names.add(span.getName());
      }
      batches.add(names);
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
  }

  /** Blocks the calling thread in export until the test releases it, like a hung synchronous sender. */
  private final class BlockingExporter implements SpanExporter {
    final CountDownLatch entered = new CountDownLatch(1);
    final AtomicInteger exported = new AtomicInteger();
    volatile Thread thread;

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      thread = Thread.currentThread();
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exported.addAndGet(spans.size());
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
  }

  private static final class MutableClock extends Clock {
    long millis;

    MutableClock(Instant start) {
      millis = start.toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  private SdkTracerProvider provider(BatchingSpanProcessor processor) {
    return provider(processor, Sampler.alwaysOn());
  }

  private SdkTracerProvider provider(BatchingSpanProcessor processor, Sampler sampler) {
    SdkTracerProvider provider =
        SdkTracerProvider.builder().setSampler(sampler).addSpanProcessor(processor).build();
    providers.add(provider);
    return provider;
  }

  private static void end(SdkTracerProvider provider, String... names) {
    for (String name : names) {
      provider.get("test").spanBuilder(name).startSpan().end();
    }
  }

  @Test
  void exportsAsSoonAsABatchIsFullAndKeepsTheRestForTheInterval() throws Exception {
    RecordingExporter exporter = new RecordingExporter();
    BatchingSpanProcessor processor =
        BatchingSpanProcessor.builder(exporter).batchSize(3).queueSize(10).exportInterval(Duration.ofHours(1)).build();
    SdkTracerProvider provider = provider(processor);

    end(provider, "a", "b", "c");
    assertThat(exporter.batches.poll(10, TimeUnit.SECONDS)).containsExactly("a", "b", "c");

    end(provider, "d", "e");
    // a partial batch waits for the interval (an hour here) or a flush
    assertThat(exporter.batches.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(processor.queuedSpans()).isEqualTo(2);

    assertThat(processor.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(exporter.batches.poll()).containsExactly("d", "e");
    assertThat(processor.exportedSpans()).isEqualTo(5);
    assertThat(processor.droppedSpans()).isZero();
  }

  @Test
  void exportsAPartialBatchWhenTheIntervalElapses() throws Exception {
    RecordingExporter exporter = new RecordingExporter();
    BatchingSpanProcessor processor =
        BatchingSpanProcessor.builder(exporter).batchSize(100).exportInterval(Duration.ofMillis(50)).build();
    SdkTracerProvider provider = provider(processor);

    end(provider, "a", "b");

    assertThat(exporter.batches.poll(10, TimeUnit.SECONDS)).containsExactly("a", "b");
  }

  @Test
  void ignoresSpansThatAreRecordedButNotSampled() {
    RecordingExporter exporter = new RecordingExporter();
    BatchingSpanProcessor processor = BatchingSpanProcessor.builder(exporter).build();
    Sampler recordOnly =
        new Sampler() {
          @Override
          public SamplingResult shouldSample(
              Context parentContext,
              String traceId,
              String name,
              SpanKind spanKind,
              Attributes attributes,
              List<LinkData> parentLinks) {
            return SamplingResult.recordOnly();
          }

          @Override
          public String getDescription() {
            return "recordOnly";
          }
        };
    SdkTracerProvider provider = provider(processor, recordOnly);

    end(provider, "a");
    processor.forceFlush().join(10, TimeUnit.SECONDS);

    assertThat(exporter.batches).isEmpty();
    assertThat(processor.exportedSpans()).isZero();
    assertThat(processor.droppedSpans()).isZero();
  }

  @Test
  void fullQueueDropsAndCountsWithoutBlockingTheAppThread() throws Exception {
    BlockingExporter exporter = new BlockingExporter();
    List<String> log = new CopyOnWriteArrayList<>();
    BatchingSpanProcessor processor =
        BatchingSpanProcessor.builder(exporter).batchSize(1).queueSize(2).log(log::add).build();
    SdkTracerProvider provider = provider(processor);

    end(provider, "taken-by-worker");
    assertThat(exporter.entered.await(10, TimeUnit.SECONDS)).isTrue();
    // The worker is now stuck; the app thread must still get through every onEnd (guard against a hang).
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> end(provider, "q1", "q2", "x1", "x2"));

    assertThat(processor.droppedSpans()).isEqualTo(2);
    assertThat(processor.queuedSpans()).isEqualTo(2);
    assertThat(log).hasSize(1);
    assertThat(log.get(0))
        .startsWith("dropped 1 spans since ")
        .endsWith(
            ": export queue (queue_size=2) full; raise clude.obs.tracing.queue_size or lower the sampling rate");

    release.countDown();
    assertThat(processor.shutdown(Duration.ofSeconds(10))).isTrue();
    assertThat(exporter.exported.get()).isEqualTo(3);
    assertThat(processor.exportedSpans()).isEqualTo(3);
    // the second drop came inside the minute after the first line: it is reported at exit
    assertThat(log)
        .hasSize(2)
        .last()
        .isEqualTo(
            "at exit: 1 more spans dropped because the export queue (queue_size=2) was full, and 0 queued spans"
                + " not exported in time; raise clude.obs.tracing.queue_size or clude.obs.tracing.shutdown_timeout,"
                + " or lower the sampling rate");
  }

  @Test
  void dropLineIsWrittenAtMostOncePerMinute() throws Exception {
    BlockingExporter exporter = new BlockingExporter();
    List<String> log = new CopyOnWriteArrayList<>();
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
    BatchingSpanProcessor processor =
        BatchingSpanProcessor.builder(exporter).batchSize(1).queueSize(1).log(log::add).clock(clock).build();
    SdkTracerProvider provider = provider(processor);
    end(provider, "taken-by-worker");
    assertThat(exporter.entered.await(10, TimeUnit.SECONDS)).isTrue();
    end(provider, "queued");

    end(provider, "drop-1");
    clock.millis += 30_000;
    end(provider, "drop-2", "drop-3");
    clock.millis += 29_999;
    end(provider, "drop-4");
    clock.millis += 1;
    end(provider, "drop-5");
    clock.millis += 10_000;
    end(provider, "drop-6");

    String tail = ": export queue (queue_size=1) full; raise clude.obs.tracing.queue_size or lower the sampling rate";
    assertThat(log)
        .containsExactly(
            "dropped 1 spans since 2025-01-01T10:00:00Z" + tail,
            "dropped 4 spans since 2025-01-01T10:00:30Z" + tail);
    assertThat(processor.droppedSpans()).isEqualTo(6);
  }

  @Test
  void shutdownWithALimitReturnsInTimeWhenTheExporterHangs() throws Exception {
    BlockingExporter exporter = new BlockingExporter();
    BatchingSpanProcessor processor =
        BatchingSpanProcessor.builder(exporter).batchSize(1).exporterTimeout(Duration.ofHours(1)).build();
    SdkTracerProvider provider = provider(processor);
    end(provider, "stuck");
    assertThat(exporter.entered.await(10, TimeUnit.SECONDS)).isTrue();

    boolean clean =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> processor.shutdown(Duration.ofMillis(200)));

    assertThat(clean).isFalse();
  }

  @Test
  void shutdownGivesUpAfterTheExporterTimeoutAndCountsWhatWasNotExported() throws Exception {
    // An async exporter whose results never complete, like a sender waiting on a dead collector.
    AtomicInteger calls = new AtomicInteger();
    SpanExporter neverCompletes =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            calls.incrementAndGet();
            return new CompletableResultCode();
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
    BatchingSpanProcessor processor =
        BatchingSpanProcessor.builder(neverCompletes)
            .batchSize(2)
            .exportInterval(Duration.ofHours(1))
            .exporterTimeout(Duration.ofMillis(100))
            .build();
    SdkTracerProvider provider = provider(processor);
    // batchSize 2: the first two leave as a batch at once; the third waits for shutdown
    end(provider, "a", "b", "c");

    CompletableResultCode result = processor.shutdown().join(10, TimeUnit.SECONDS);

    assertThat(result.isDone()).isTrue();
    assertThat(result.isSuccess()).isFalse();
    assertThat(processor.failedSpans()).isEqualTo(3);
    assertThat(processor.exportedSpans()).isZero();
  }

  @Test
  void keepsAtMostMaxInFlightExportsOpenWhileMoreBatchesAreQueued() throws Exception {
    // An async exporter whose results the test completes, like a remote sender waiting for responses.
    List<CompletableResultCode> open = new CopyOnWriteArrayList<>();
    SpanExporter async =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            CompletableResultCode result = new CompletableResultCode();
            open.add(result);
            return result;
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
    BatchingSpanProcessor processor =
        BatchingSpanProcessor.builder(async)
            .batchSize(1)
            .queueSize(BatchingSpanProcessor.MAX_IN_FLIGHT + 10)
            .exportInterval(Duration.ofHours(1))
            .exporterTimeout(Duration.ofHours(1))
            .build();
    SdkTracerProvider provider = provider(processor);

    int max = BatchingSpanProcessor.MAX_IN_FLIGHT;
    String[] names = new String[max + 2];
    for (int i = 0; i < names.length; i++) {
      names[i] = "s" + i;
    }
    end(provider, names);

    awaitSize(open, max);
    // none has completed: one more must not start however long the worker waits
    Thread.sleep(200);
    assertThat(open).hasSize(max);
    assertThat(processor.queuedSpans()).isEqualTo(2);
    open.get(0).succeed();
    awaitSize(open, max + 1);
    open.get(1).fail();
    awaitSize(open, max + 2);
    for (CompletableResultCode result : open) {
      if (!result.isDone()) {
        result.succeed();
      }
    }
    assertThat(processor.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(processor.exportedSpans()).isEqualTo(max + 1);
    assertThat(processor.failedSpans()).isEqualTo(1);
  }

  private static void awaitSize(List<?> list, int size) throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (list.size() < size && System.nanoTime() < giveUp) {
      Thread.sleep(5);
    }
    assertThat(list).hasSize(size);
  }

  @Test
  void exporterFailuresAreCountedAndTheWorkerCarriesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RecordingExporter recorder = new RecordingExporter();
    SpanExporter failsFirst =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            int call = calls.incrementAndGet();
            if (call == 1) {
              throw new IllegalStateException("boom");
            }
            if (call == 2) {
              return CompletableResultCode.ofFailure();
            }
            return recorder.export(spans);
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
    // batchSize 10: only the flushes export, so each flush result reflects exactly one span
    BatchingSpanProcessor processor =
        BatchingSpanProcessor.builder(failsFirst).batchSize(10).exportInterval(Duration.ofHours(1)).build();
    SdkTracerProvider provider = provider(processor);

    end(provider, "thrown");
    assertThat(processor.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
    end(provider, "failed");
    assertThat(processor.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
    end(provider, "exported");
    assertThat(processor.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

    assertThat(recorder.batches.poll()).containsExactly("exported");
    assertThat(processor.failedSpans()).isEqualTo(2);
    assertThat(processor.exportedSpans()).isEqualTo(1);
  }

  @Test
  void exportsFromANamedDaemonThread() throws Exception {
    BlockingExporter exporter = new BlockingExporter();
    BatchingSpanProcessor processor = BatchingSpanProcessor.builder(exporter).batchSize(1).build();
    SdkTracerProvider provider = provider(processor);

    end(provider, "a");

    assertThat(exporter.entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(exporter.thread.getName()).isEqualTo("clude-obs-span-export");
    assertThat(exporter.thread.isDaemon()).isTrue();
  }

  @Test
  void rejectsAQueueSmallerThanABatch() {
    assertThatThrownBy(() -> BatchingSpanProcessor.builder(new RecordingExporter()).batchSize(10).queueSize(5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queueSize (5) must be at least batchSize (10)");
  }

  @Test
  void theWorkerNapsAsLongAsABatchTakesToFillAndWaitsToBeWokenWhenSpansArriveSlowly() {
    BatchingSpanProcessor p = BatchingSpanProcessor.builder(new RecordingExporter()).batchSize(100).build();
    long ms = 1_000_000L;
    // 100 spans in 10 ms: a batch every 10 ms
    assertThat(p.napNanos(100, 10 * ms)).isEqualTo(10 * ms);
    // faster than a batch a millisecond: never below the shortest nap
    assertThat(p.napNanos(1_000, ms)).isEqualTo(BatchingSpanProcessor.MIN_POLL_NANOS);
    // a batch would take 100 ms or more, or nothing came: nap until a producer fills a batch (or the interval ends)
    assertThat(p.napNanos(10, 10 * ms)).isEqualTo(Long.MAX_VALUE);
    assertThat(p.napNanos(0, 10 * ms)).isEqualTo(Long.MAX_VALUE);
    p.shutdown();
  }
}
