package com.acme.coexist;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.Native;
import com.sun.jna.Library;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;

/** One task that uses each of the app's own libraries once and reports what they gave. */
final class Chores {

  /** The task: every line must hold a right answer, else the run is wrong. */
  String run() throws Exception {
    StringBuilder out = new StringBuilder();
    out.append("app-oshi ").append(cpuLoad()).append('\n');
    out.append("app-jna ").append(pid()).append('\n');
    out.append("app-jackson ").append(roundTrip()).append('\n');
    out.append("app-okhttp ").append(fetch()).append('\n');
    out.append("app-bytebuddy ").append(new Greeter().greet("coexist"));
    return out.toString();
  }

  String cpuLoad() {
    CentralProcessor cpu = new SystemInfo().getHardware().getProcessor();
    double load = cpu.getSystemCpuLoad(200);
    return "cpus=" + cpu.getLogicalProcessorCount()
        + " load in [0,1]=" + (load >= 0 && load <= 1)
        + " from " + jarOf(SystemInfo.class);
  }

  /** A native call through the app's JNA: its native library must load next to the agent's JNA. */
  String pid() {
    return "getpid matches=" + (Native.load("c", Posix.class).getpid() == ProcessHandle.current().pid())
        + " version=" + Native.VERSION + " from " + jarOf(Native.class);
  }

  String roundTrip() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("tool", "read");
    value.put("tokens", 42);
    value.put("paths", List.of("a.txt", "b.txt"));
    String json = mapper.writeValueAsString(value);
    Object back = mapper.readValue(json, Map.class);
    return json + " equal=" + value.equals(back) + " version=" + mapper.version() + " from " + jarOf(ObjectMapper.class);
  }

  String fetch() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/ping",
        exchange -> {
          byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
          }
        });
    server.start();
    try {
      OkHttpClient client = new OkHttpClient();
      Request request = new Request.Builder().url("http://127.0.0.1:" + server.getAddress().getPort() + "/ping").build();
      try (Response response = client.newCall(request).execute()) {
        String result = response.code() + " " + response.body().string();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        return result + " from " + jarOf(OkHttpClient.class);
      }
    } finally {
      server.stop(0);
    }
  }

  /** The one libc call the app makes through its JNA. */
  public interface Posix extends Library {
    /** The process id. */
    int getpid();
  }

  static String jarOf(Class<?> type) {
    String path = type.getProtectionDomain().getCodeSource().getLocation().getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
