package io.cludeobs.agent.context;

import io.cludeobs.agent.config.AgentConfig;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The baggage a trace starts with ({@code session.id} and the configured {@code context.baggage}),
 * and the span processor that puts {@code session.id} and the chosen baggage entries on every span.
 * The app cannot see the agent's shaded OpenTelemetry API, so "baggage set at a task root" is what
 * the agent puts there; it then travels with the context across every hand-off.
 */
public final class SessionBaggage {

  /** The baggage key and span attribute of the session id. */
  public static final String SESSION_ID = "session.id";

  private static final AttributeKey<String> SESSION_ID_ATTRIBUTE = AttributeKey.stringKey(SESSION_ID);

  private final String sessionId;
  private final Baggage rootBaggage;
  private final boolean allAttributes;
  private final List<AttributeKey<String>> attributeKeys;

  private SessionBaggage(String sessionId, Map<String, String> entries, List<String> attributeNames) {
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    BaggageBuilder b = Baggage.builder();
    for (Map.Entry<String, String> e : entries.entrySet()) {
      b.put(e.getKey(), e.getValue());
    }
    // the session id wins over a configured entry of the same name: one id per process everywhere
    b.put(SESSION_ID, sessionId);
    this.rootBaggage = b.build();
    boolean all = false;
    List<AttributeKey<String>> keys = new ArrayList<>();
    for (String name : attributeNames) {
      if (name.equals("*")) {
        all = true;
      } else if (!name.equals(SESSION_ID)) {
        keys.add(AttributeKey.stringKey(name));
      }
    }
    this.allAttributes = all;
    this.attributeKeys = Collections.unmodifiableList(keys);
  }

  /** Built from {@code session_id_source}, {@code context.baggage} and {@code context.baggage_attributes}. */
  public static SessionBaggage from(AgentConfig config) {
    return new SessionBaggage(config.sessionId(), config.baggage(), config.baggageAttributes());
  }

  /** For tests and tools: explicit id, entries and attribute names ({@code *} for all). */
  public static SessionBaggage of(String sessionId, Map<String, String> entries, List<String> attributeNames) {
    return new SessionBaggage(sessionId, entries, attributeNames);
  }

  public String sessionId() {
    return sessionId;
  }

  /**
   * The parent for a new root span: {@code parent} with the root baggage; entries already in the
   * parent's baggage are kept.
   */
  public Context atRoot(Context parent) {
    Baggage existing = Baggage.fromContext(parent);
    if (existing.isEmpty()) {
      return parent.with(rootBaggage);
    }
    BaggageBuilder b = rootBaggage.toBuilder();
    existing.forEach((k, v) -> b.put(k, v.getValue(), v.getMetadata()));
    return parent.with(b.build());
  }

  /** Adds {@code session.id} and the chosen baggage entries to every span as it starts. */
  public SpanProcessor spanProcessor() {
    return new SessionAttributes();
  }

  private final class SessionAttributes implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      span.setAttribute(SESSION_ID_ATTRIBUTE, sessionId);
      Baggage baggage = Baggage.fromContext(parentContext);
      if (baggage.isEmpty()) {
        return;
      }
      if (allAttributes) {
        baggage.forEach(
            (k, v) -> {
              // the process's id is set above; a foreign one must not replace it
              if (!k.equals(SESSION_ID)) {
                span.setAttribute(k, v.getValue());
              }
            });
        return;
      }
      for (int i = 0; i < attributeKeys.size(); i++) {
        AttributeKey<String> key = attributeKeys.get(i);
        String value = baggage.getEntryValue(key.getKey());
        if (value != null) {
          span.setAttribute(key, value);
        }
      }
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
