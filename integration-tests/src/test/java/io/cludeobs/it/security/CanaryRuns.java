package io.cludeobs.it.security;

import com.acme.misbehaving.CanaryApp;
import io.cludeobs.it.support.Jvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Launch settings for {@link CanaryApp} and helpers to look for its canaries in bytes. */
final class CanaryRuns {
  static final String SECRET_TOKEN = "CANARY-SECRET-TOKEN-e4f0";
  static final List<String> CANARIES =
      List.of(
          CanaryApp.PROMPT, CanaryApp.COMPLETION, CanaryApp.TOOL_ARGUMENT, CanaryApp.FILE_CONTENT,
          CanaryApp.TOOL_RESULT, SECRET_TOKEN);

  private CanaryRuns() {}

  /** The canary app with a task, an LLM and a tool pointcut; {@code work} is where its tool writes. */
  static Jvm.Builder canaryApp(Path work, String... extraArgs) {
    List<String> args = new ArrayList<>();
    args.add(work.toString());
    args.addAll(List.of(extraArgs));
    return Jvm.builder()
        .mainClass(CanaryApp.class.getName())
        .args(args.toArray(new String[0]))
        .sysProp("clude.obs.pointcuts.task", "com.acme.misbehaving.CanaryApp$Assistant#handle")
        .sysProp("clude.obs.pointcuts.llm", "com.acme.misbehaving.CanaryApp$ChatModel#chat")
        .sysProp("clude.obs.pointcuts.tool", "com.acme.misbehaving.CanaryApp$FileTool#execute");
  }

  /** Every canary found in {@code bytes} (read as UTF-8), with where. */
  static List<String> canariesIn(String where, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    return CANARIES.stream().filter(text::contains).map(c -> c + " in " + where).collect(Collectors.toList());
  }

  /** Every canary in any file under {@code dir}. */
  static List<String> canariesUnder(Path dir) {
    List<String> found = new ArrayList<>();
    for (Path file : files(dir)) {
      try {
        found.addAll(canariesIn(file.toString(), Files.readAllBytes(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }

  static List<Path> files(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> agentLines(String stderr) {
    return stderr.lines().filter(l -> l.startsWith("clude-obs:")).collect(Collectors.toList());
  }
}
