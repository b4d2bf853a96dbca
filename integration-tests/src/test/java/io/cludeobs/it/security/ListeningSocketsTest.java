package io.cludeobs.it.security;

import static io.cludeobs.it.security.CanaryRuns.canaryApp;
import static org.assertj.core.api.Assertions.assertThat;

import io.cludeobs.it.support.Jvm;
import io.cludeobs.it.support.OtlpReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent opens no listening socket unless one is configured, and the one that can be configured (the Prometheus
 * endpoint) binds loopback by default. Sockets are read from /proc: LISTEN entries of net/tcp{,6} whose inode is one
 * of the process's file descriptors.
 */
class ListeningSocketsTest {
  private static final Duration UP = Duration.ofSeconds(60);
  /** Milliseconds the app sleeps after its task; the test reads /proc meanwhile and then stops it. */
  private static final String STAY_UP = "20000";

  @TempDir Path tmp;

  @Test
  void noListeningSocketWithDefaultsAsWithoutTheAgent() {
    assertThat(listeningWhileUp(canaryApp(work(), STAY_UP).noAgent())).isEmpty();
    assertThat(listeningWhileUp(canaryApp(work(), STAY_UP))).isEmpty();
  }

  @Test
  void thePrometheusEndpointBindsLoopbackByDefault() {
    int port = OtlpReceiver.unusedPort();
    List<String> listening =
        listeningWhileUp(
            canaryApp(work(), STAY_UP)
                .sysProp("clude.obs.metrics.prometheus.enabled", "true")
                .sysProp("clude.obs.metrics.prometheus.port", String.valueOf(port)));
    assertThat(listening).containsExactly("127.0.0.1:" + port);
  }

  private Path work() {
    try {
      return Files.createDirectories(tmp.resolve("work"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The app's listening sockets as {@code address:port}, read while it sleeps after its task. */
  private static List<String> listeningWhileUp(Jvm.Builder app) {
    try (Jvm.Running running = app.start()) {
      running.awaitStdoutLine("ready", UP);
      return listening(running.pid());
    }
  }

  static List<String> listening(long pid) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      fds.forEach(
          fd -> {
            try {
              String target = Files.readSymbolicLink(fd).toString();
              if (target.startsWith("socket:[")) {
                inodes.add(target.substring("socket:[".length(), target.length() - 1));
              }
            } catch (IOException e) {
              // the descriptor closed while we listed it
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the fds of " + pid, e);
    }
    List<String> result = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", table));
      } catch (IOException e) {
        continue; // no IPv6 in this kernel
      }
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        // f[1] local address, f[3] state (0A = LISTEN), f[9] inode
        if (f[3].equals("0A") && inodes.contains(f[9])) {
          result.add(address(f[1]));
        }
      }
    }
    return result;
  }

  /**
   * {@code 0100007F:1F90} (little-endian IPv4, also inside an IPv4-mapped IPv6 address) to {@code 127.0.0.1:8080};
   * other IPv6 addresses are shown as hex.
   */
  private static String address(String hex) {
    String[] parts = hex.split(":");
    int port = Integer.parseInt(parts[1], 16);
    String ip = parts[0];
    if (ip.startsWith("0000000000000000FFFF0000")) {
      ip = ip.substring(24); // an IPv4-mapped IPv6 address
    }
    if (ip.length() == 8) {
      long v = Long.parseLong(ip, 16);
      return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff) + ":" + port;
    }
    return ip + ":" + port;
  }
}
