package io.cludeobs.agent.genai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cludeobs.agent.tracing.HeadSampler;
import io.cludeobs.agent.tracing.Instruments;
import io.cludeobs.agent.tracing.LibrarySpans;
import io.cludeobs.agent.weaving.MethodRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streams end their call on completion, failure or early close, exactly once. */
class StreamWrappersTest {

  /** Stands in for a library's blocking stream interface. */
  public interface FakeStream extends AutoCloseable, Iterable<String> {
    Stream<String> stream();

    @Override
    void close();
  }

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider tracing =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metrics).build();
  private final Meter meter = meters.get("test");
  private final GenAiRecorder recorder =
      new GenAiRecorder(
          tracing.get("test"),
          new HeadSampler(1.0),
          meter.histogramBuilder("d").build(),
          meter.histogramBuilder("t").ofLongs().build(),
          meter,
          Pricing.of(Collections.emptyMap()),
          ContentCapture.off(),
          new LibrarySpans(
              tracing.get("test"), new HeadSampler(1.0), new Instruments(meter, new MethodRegistry(10)), null));

  @AfterEach
  void close() {
    tracing.close();
    meters.close();
  }

  @Test
  void readingToTheEndEndsTheCallWithWhatTheChunksSaid() {
    LlmCall call = started();
    FakeStream stream = wrap(call, new Source(Arrays.asList("a", "b", "usage:7")));

    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(stream.stream().collect(Collectors.joining(","))).isEqualTo("a,b,usage:7");
    SpanData span = single();
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(7L);
    assertThat(span.getAttributes().get(GenAiRecorder.TIME_TO_FIRST_CHUNK)).isNotNull();
    assertThat(span.getAttributes().get(GenAiRecorder.STREAM_CANCELLED)).isNull();
    stream.close();
    assertThat(spans.getFinishedSpanItems()).hasSize(1);
  }

  @Test
  void iteratingToTheEndEndsTheCallToo() {
    LlmCall call = started();
    FakeStream stream = wrap(call, new Source(Arrays.asList("a", "usage:3")));
    StringBuilder seen = new StringBuilder();
    for (String chunk : stream) {
      seen.append(chunk).append(';');
    }
    assertThat(seen.toString()).isEqualTo("a;usage:3;");
    SpanData span = single();
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(3L);
    assertThat(span.getAttributes().get(GenAiRecorder.STREAM_CANCELLED)).isNull();
  }

  @Test
  void forEachOfTheIterableEndsTheCall() {
    LlmCall call = started();
    FakeStream stream = wrap(call, new Source(Arrays.asList("b", "usage:4")));
    List<String> seen = new java.util.ArrayList<>();
    stream.forEach(seen::add);
    assertThat(seen).containsExactly("b", "usage:4");
    assertThat(single().getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(4L);
  }

  @Test
  void closingBeforeTheEndEndsTheCallAsCancelled() {
    LlmCall call = started();
    Source source = new Source(Arrays.asList("a", "b", "usage:7"));
    FakeStream stream = wrap(call, source);

    assertThat(stream.stream().findFirst()).contains("a");
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    stream.close();
    assertThat(source.closed).isTrue();
    SpanData span = single();
    assertThat(span.getAttributes().get(GenAiRecorder.STREAM_CANCELLED)).isTrue();
    assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isNull();
  }

  @Test
  void aReaderThatFailsBecauseOfTheCloseLeavesTheCallCancelled() {
    LlmCall call = started();
    Source source = new Source(Arrays.asList("a", "b", "usage:7"));
    FakeStream stream = wrap(call, source);
    Iterator<String> reading = stream.iterator();
    assertThat(reading.next()).isEqualTo("a");
    // what a reader blocked on the connection sees when another thread closes the stream
    source.onClose = () -> assertThatThrownBy(reading::next).hasMessage("stream closed");

    stream.close();

    SpanData span = single();
    assertThat(span.getAttributes().get(GenAiRecorder.STREAM_CANCELLED)).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.UNSET);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type"))).isNull();
  }

  @Test
  void aFailingSourceEndsTheCallAsAnError() {
    LlmCall call = started();
    FakeStream stream = wrap(call, new Source(Arrays.asList("a", "boom")));

    assertThatThrownBy(() -> stream.stream().forEach(s -> {})).isInstanceOf(IllegalStateException.class);
    SpanData span = single();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void aFailingConsumerLeavesTheCallToClose() {
    LlmCall call = started();
    FakeStream stream = wrap(call, new Source(Arrays.asList("a", "b")));

    assertThatThrownBy(() -> stream.stream().forEach(s -> {
          throw new IllegalArgumentException("app bug");
        }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    stream.close();
    assertThat(single().getAttributes().get(GenAiRecorder.STREAM_CANCELLED)).isTrue();
  }

  @Test
  void aResultThatIsNoStreamIsLeftAlone() {
    assertThat(StreamWrappers.wrap(recorder, started(), "plain")).isNull();
  }

  @Test
  void anOperationWithoutAReaderIsNotRecorded() {
    assertThat(recorder.start("fake", null, null)).isNull();
  }

  private LlmCall started() {
    LlmCall call = new LlmCall(new FakeReader(), "chat", System.nanoTime(), false);
    call.requestModel = "m";
    call.span = tracing.get("test").spanBuilder("chat m").startSpan();
    return call;
  }

  private FakeStream wrap(LlmCall call, Source source) {
    return (FakeStream) StreamWrappers.wrap(recorder, call, source);
  }

  private SpanData single() {
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }

  /** A stream whose "boom" element fails the source. */
  static final class Source implements FakeStream {
    private final List<String> items;
    boolean closed;
    Runnable onClose = () -> {};

    Source(List<String> items) {
      this.items = items;
    }

    @Override
    public Iterator<String> iterator() {
      return stream().iterator();
    }

    @Override
    public Stream<String> stream() {
      Iterator<String> it = items.iterator();
      return Stream.generate(() -> null)
          .takeWhile(x -> it.hasNext())
          .map(
              x -> {
                if (closed) {
                  throw new IllegalStateException("stream closed");
                }
                String next = it.next();
                if (next.equals("boom")) {
                  throw new IllegalStateException("source failed");
                }
                return next;
              });
    }

    @Override
    public void close() {
      closed = true;
      onClose.run();
    }
  }

  /** Reads "usage:N" chunks as output tokens. */
  static final class FakeReader implements LibraryReader {
    @Override
    public String provider() {
      return "fake";
    }

    @Override
    public void readRequest(LlmCall call, Object client, Object request) {}

    @Override
    public void readResponse(LlmCall call, Object response) {}

    @Override
    public void readChunk(LlmCall call, Object chunk) {
      String s = (String) chunk;
      if (s.startsWith("usage:")) {
        call.outputTokens = Long.parseLong(s.substring("usage:".length()));
      }
    }

    @Override
    public String blockingStream() {
      return FakeStream.class.getName();
    }

    @Override
    public String asyncStream() {
      return null;
    }
  }
}
