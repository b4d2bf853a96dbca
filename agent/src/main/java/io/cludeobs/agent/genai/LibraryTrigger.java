package io.cludeobs.agent.genai;

import io.cludeobs.agent.AgentLog;
import io.cludeobs.agent.config.AgentConfig;
import io.cludeobs.instrumentation.anthropic.AnthropicJavaInstrumentation;
import io.cludeobs.instrumentation.mcp.McpInstrumentation;
import io.cludeobs.instrumentation.langchain4j.LangChain4jInstrumentation;
import io.cludeobs.instrumentation.openai.OpenAiJavaInstrumentation;
import io.cludeobs.instrumentation.springai.SpringAiInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Installed at premain when a library instrumentation is on: the first class of a known library
 * starts the agent core (or waits for its start in the background to finish) on the loading
 * thread, so that class and every later one is woven before the application can call it.
 */
public final class LibraryTrigger implements ClassFileTransformer {

  private final List<String> internalPrefixes;
  private final Supplier<ClassFileTransformer> start;
  private volatile ClassFileTransformer weaver;
  private volatile boolean failed;

  /**
   * @param internalPrefixes internal-name prefixes of the classes the library instrumentations weave
   * @param start starts the core and returns the library transformer, or null if it could not
   */
  public LibraryTrigger(List<String> internalPrefixes, Supplier<ClassFileTransformer> start) {
    this.internalPrefixes = internalPrefixes;
    this.start = start;
  }

  /**
   * Internal-name prefixes of the classes the enabled library instrumentations weave. Kept here,
   * apart from {@link GenAiInstaller}, because premain calls it before the bootstrap classes exist.
   */
  public static List<String> prefixes(AgentConfig config) {
    List<String> prefixes = new ArrayList<>();
    if (config.instrumentationEnabled(OpenAiJavaInstrumentation.NAME)) {
      prefixes.add(OpenAiJavaInstrumentation.PACKAGE_PREFIX);
    }
    if (config.instrumentationEnabled(AnthropicJavaInstrumentation.NAME)) {
      prefixes.add(AnthropicJavaInstrumentation.PACKAGE_PREFIX);
    }
    if (config.instrumentationEnabled(McpInstrumentation.NAME)) {
      prefixes.add(McpInstrumentation.PACKAGE_PREFIX);
    }
    if (config.instrumentationEnabled(LangChain4jInstrumentation.NAME)) {
      prefixes.add(LangChain4jInstrumentation.PACKAGE_PREFIX);
    }
    if (config.instrumentationEnabled(SpringAiInstrumentation.NAME)) {
      prefixes.add(SpringAiInstrumentation.PACKAGE_PREFIX);
    }
    return Collections.unmodifiableList(prefixes);
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (internalName == null || loader == null || failed || !candidate(internalName)) {
      return null;
    }
    try {
      ClassFileTransformer delegate = weaver;
      if (delegate == null && classBeingRedefined != null) {
        // another agent's retransformation: never wait here for a start that may wait for it
        return null;
      }
      if (delegate == null) {
        delegate = start.get();
        if (delegate == null) {
          failed = true;
          return null;
        }
        weaver = delegate;
      }
      return delegate.transform(module, loader, internalName, classBeingRedefined, protectionDomain, classfileBuffer);
    } catch (Throwable t) {
      AgentLog.once("library-trigger " + t.getClass().getName(), "could not weave " + internalName + ": " + t);
      return null;
    }
  }

  private boolean candidate(String internalName) {
    for (int i = 0; i < internalPrefixes.size(); i++) {
      if (internalName.startsWith(internalPrefixes.get(i))) {
        return true;
      }
    }
    return false;
  }
}
