package io.cludeobs.it.metrics;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code prometheus} binary, started by the test itself (never the system service) on
 * 127.0.0.1 with a temp TSDB and a config that scrapes one target every second.
 */
final class PrometheusServer implements AutoCloseable {

  static final String INSTALL_HINT =
      "the prometheus binary is missing; .ci/run installs it (apt-get install -y prometheus), or install it yourself";

  private final Process process;
  private final int port;
  private final Path log;

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The binary on PATH or in /usr/bin; fails in CI (CI=true) and aborts the test elsewhere when missing. */
  static Path binary() {
    for (String dir : (System.getenv("PATH") + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(INSTALL_HINT);
    }
    Assumptions.abort(INSTALL_HINT);
    return null;
  }

  static PrometheusServer start(Path dir, int port, String target) throws IOException {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        "global:\n"
            + "  scrape_interval: 1s\n"
            + "  scrape_timeout: 1s\n"
            + "scrape_configs:\n"
            + "  - job_name: clude\n"
            + "    static_configs:\n"
            + "      - targets: ['"
            + target
            + "']\n");
    Path log = dir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                binary().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new PrometheusServer(process, port, log);
  }

  /**
   * Runs an instant query; returns each series' labels (as {@code k=v,k=v}, sorted) and value, or
   * null while Prometheus is not answering yet.
   */
  Map<String, Double> query(String promql) {
    try {
      URI uri =
          URI.create(
              "http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
      HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(5000);
      if (c.getResponseCode() != 200) {
        return null;
      }
      String body;
      try (InputStream in = c.getInputStream()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      JsonObject data = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("data");
      Map<String, Double> out = new TreeMap<>();
      for (JsonElement e : data.getAsJsonArray("result")) {
        JsonObject series = e.getAsJsonObject();
        Map<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, JsonElement> l : series.getAsJsonObject("metric").entrySet()) {
          labels.put(l.getKey(), l.getValue().getAsString());
        }
        JsonArray value = series.getAsJsonArray("value");
        StringBuilder key = new StringBuilder();
        labels.forEach((k, v) -> key.append(key.length() == 0 ? "" : ",").append(k).append('=').append(v));
        out.put(key.toString(), Double.parseDouble(value.get(1).getAsString()));
      }
      return out;
    } catch (IOException e) {
      return null;
    }
  }

  /** Polls {@code promql} until it gives {@code expected} or the time is up; returns the last answer. */
  Map<String, Double> awaitQuery(String promql, Map<String, Double> expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Double> last = query(promql);
    while (!expected.equals(last) && System.nanoTime() < deadline && process.isAlive()) {
      Thread.sleep(250);
      last = query(promql);
    }
    return last;
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
