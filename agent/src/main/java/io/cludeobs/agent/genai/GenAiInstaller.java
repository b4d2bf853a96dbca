package io.cludeobs.agent.genai;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.agent.tracing.HeadSampler;
import io.cludeobs.agent.tracing.Instruments;
import io.cludeobs.agent.tracing.LibrarySpans;
import io.cludeobs.agent.context.SessionBaggage;
import io.cludeobs.agent.weaving.WeaveLog;
import io.cludeobs.bootstrap.genai.GenAi;
import io.cludeobs.instrumentation.anthropic.AnthropicJavaInstrumentation;
import io.cludeobs.bootstrap.genai.McpCalls;
import io.cludeobs.instrumentation.mcp.McpInstrumentation;
import io.cludeobs.bootstrap.genai.LangChain4jCalls;
import io.cludeobs.instrumentation.langchain4j.LangChain4jInstrumentation;
import io.cludeobs.instrumentation.openai.OpenAiJavaInstrumentation;
import io.cludeobs.instrumentation.springai.SpringAiInstrumentation;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Sets up the GenAI library instrumentations: the recorder behind {@link GenAi} and one Byte Buddy
 * transformer for every enabled library. Links against bootstrap classes: call it only once the
 * bootstrap jar is in place.
 */
public final class GenAiInstaller {

  private GenAiInstaller() {}

  /**
   * Installs the recorder and returns the library transformer for {@link LibraryTrigger}, or null
   * when no library instrumentation is on.
   *
   * @param retransform runtime attach: the transformer is registered itself and classes of the
   *     libraries that are already loaded are woven now
   */
  public static ClassFileTransformer install(
      AgentConfig config,
      Instrumentation inst,
      Tracer tracer,
      Meter meter,
      HeadSampler sampler,
      Instruments instruments,
      boolean retransform) {
    ContentCapture capture =
        config.genAiCaptureContent()
            ? ContentCapture.on(config.genAiCaptureMaxBytes(), config.genAiRedactPatterns())
            : ContentCapture.off();
    // tool pointcuts capture arguments and results with these settings even without a library
    ContentCapture.install(capture);
    if (LibraryTrigger.prefixes(config).isEmpty()) {
      return null;
    }
    SessionBaggage session = SessionBaggage.from(config);
    Pricing pricing =
        Pricing.load(config.genAiPricingFile(), "clude.obs.genai.pricing_file", AgentLog::info);
    GenAiRecorder recorder =
        new GenAiRecorder(
            tracer,
            sampler,
            instruments.genAiDuration(),
            instruments.tokenUsage(),
            meter,
            pricing,
            capture,
            new LibrarySpans(tracer, sampler, instruments, session));
    GenAi.install(recorder);
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(
                retransform
                    ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                    : AgentBuilder.RedefinitionStrategy.DISABLED)
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
            .with(new WeaveLog("genai-weave-error", "could not weave", "woven"));
    if (config.instrumentationEnabled(OpenAiJavaInstrumentation.NAME)) {
      builder = OpenAiJavaInstrumentation.apply(builder);
    }
    if (config.instrumentationEnabled(AnthropicJavaInstrumentation.NAME)) {
      builder = AnthropicJavaInstrumentation.apply(builder);
    }
    if (config.instrumentationEnabled(McpInstrumentation.NAME)) {
      McpCalls.install(new McpRecorder(new LibrarySpans(tracer, sampler, instruments, session)));
      builder = McpInstrumentation.apply(builder);
    }
    if (config.instrumentationEnabled(LangChain4jInstrumentation.NAME)) {
      LangChain4jCalls.install(new LangChain4jHooks(recorder));
      builder = LangChain4jInstrumentation.apply(builder);
    }
    if (config.instrumentationEnabled(SpringAiInstrumentation.NAME)) {
      builder = SpringAiInstrumentation.apply(builder);
    }
    if (retransform) {
      builder.installOn(inst);
      return null;
    }
    return builder.makeRaw();
  }
}
