package com.example.codingagent.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/** Lists the regular files under a workspace directory, one relative path per line, sorted. */
public final class ListFilesTool implements AgentTool {
  public static final String NAME = "list_files";

  private final Path root;

  public ListFilesTool(Path workspace) {
    this.root = workspace.toAbsolutePath().normalize();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  @Tool(name = NAME)
  public ToolResult execute(ToolCall call) {
    Path dir = WorkspacePaths.resolve(root, call.arguments().getOrDefault("path", "."));
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile)
          .forEach(file -> files.add(WorkspacePaths.display(root, file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Collections.sort(files);
    return ToolResult.success(call.id(), String.join("\n", files));
  }
}
