package io.cludeobs.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes the agent's endpoint in the sample app; the token and tool-call
 * counters it stores equal what the app did.
 */
class PrometheusScrapeTest {

  private static final int TASKS = 3;

  @TempDir Path dir;

  @Test
  void prometheusSeesTheExactTokenAndToolCallCounts() throws Exception {
    PrometheusServer.binary();
    int appPort = freePort();
    int prometheusPort = freePort();
    Jvm.Builder app =
        Jvm.builder()
            .mainClass(LingeringSampleApp.class.getName())
            .args(String.valueOf(TASKS))
            .sysProp("clude.obs.pointcuts.task", "com.acme.app.Agent#handle")
            .sysProp("clude.obs.pointcuts.llm", "com.acme.app.llm.LlmClient+#complete")
            .sysProp("clude.obs.pointcuts.tool", "com.acme.app.tools.AgentTool+#execute(..);@com.acme.app.tools.Tool")
            .sysProp("clude.obs.metrics.storage_backend", "memory")
            .sysProp("clude.obs.tracing.exporter", "none")
            .sysProp("clude.obs.metrics.prometheus.enabled", "true")
            .sysProp("clude.obs.metrics.prometheus.port", String.valueOf(appPort));
    try (Jvm.Running running = app.start()) {
      running.awaitStdoutLine("lingering", Duration.ofSeconds(60));
      try (PrometheusServer prometheus = PrometheusServer.start(dir, prometheusPort, "127.0.0.1:" + appPort)) {
        Map<String, Double> scraped = Map.of("instance=127.0.0.1:" + appPort + ",job=clude", 1.0);
        assertThat(prometheus.awaitQuery("sum by (instance, job) (up)", scraped, Duration.ofSeconds(60)))
            .as("scrape target state; prometheus log:\n%s", prometheus.log())
            .isEqualTo(scraped);

        // each LLM call: 10 input / 5 output tokens on turn 1, 20 / 7 on turn 2
        Map<String, Double> tokens = Map.of("gen_ai_token_type=input", 30.0 * TASKS, "gen_ai_token_type=output", 12.0 * TASKS);
        assertThat(
                prometheus.awaitQuery(
                    "sum by (gen_ai_token_type) (gen_ai_client_token_usage_sum)", tokens, Duration.ofSeconds(30)))
            .as("app stderr:\n%s", running.stderr())
            .isEqualTo(tokens);

        Map<String, Double> llmCalls = Map.of("gen_ai_request_model=acme-model-1", 2.0 * TASKS);
        assertThat(
                prometheus.awaitQuery(
                    "sum by (gen_ai_request_model) (gen_ai_client_operation_duration_seconds_count)",
                    llmCalls,
                    Duration.ofSeconds(30)))
            .isEqualTo(llmCalls);

        Map<String, Double> toolCalls =
            Map.of(
                "gen_ai_tool_name=read", (double) TASKS,
                "gen_ai_tool_name=web_search", (double) TASKS,
                "error_type=java.lang.IllegalStateException,gen_ai_tool_name=execute", (double) TASKS);
        assertThat(
                prometheus.awaitQuery(
                    "sum by (gen_ai_tool_name, error_type) (clude_tool_duration_seconds_count)",
                    toolCalls,
                    Duration.ofSeconds(30)))
            .isEqualTo(toolCalls);
      }
      // nothing went wrong inside the agent (a failed bind or start would say so here)
      assertThat(running.stderr().lines().filter(l -> l.startsWith("clude-obs:"))).isEmpty();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
