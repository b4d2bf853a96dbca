package io.cludeobs.instrumentation.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/** The matchers against the MCP Java SDK 2.1's own class files, read without loading them. */
class McpInstrumentationTest {

  private final TypePool pool = TypePool.Default.ofSystemLoader();

  @Test
  void theAsyncClientWeavesOnlyCallToolWithARequest() {
    assertThat(woven(McpInstrumentation.CLIENT, McpInstrumentation.callTool()))
        .containsExactly("callTool(io.modelcontextprotocol.spec.McpSchema$CallToolRequest)");
  }

  @Test
  void theSyncClientDelegatesAndIsNotMatched() {
    // McpSyncClient.callTool returns the result, not a Mono: weaving it too would double the span
    assertThat(woven("io.modelcontextprotocol.client.McpSyncClient", McpInstrumentation.callTool())).isEmpty();
  }

  @Test
  void theAsyncServerWeavesExactlyTheToolsCallHandlerFactory() {
    assertThat(woven(McpInstrumentation.SERVER, McpInstrumentation.toolsCallHandler()))
        .containsExactly("toolsCallRequestHandler()");
  }

  @Test
  void theTriggerPrefixCoversEveryWovenClass() {
    for (String type : List.of(McpInstrumentation.CLIENT, McpInstrumentation.SERVER)) {
      assertThat(type.replace('.', '/')).startsWith(McpInstrumentation.PACKAGE_PREFIX);
    }
  }

  private List<String> woven(String type, ElementMatcher<? super MethodDescription> matcher) {
    return pool.describe(type).resolve().getDeclaredMethods().filter(matcher).stream()
        .map(McpInstrumentationTest::signature)
        .collect(Collectors.toList());
  }

  private static String signature(MethodDescription m) {
    return m.getName()
        + "("
        + m.getParameters().asTypeList().asErasures().stream().map(TypeDescription::getName).collect(Collectors.joining(","))
        + ")";
  }
}
