package com.example.codingagent.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates or replaces one workspace file with the given UTF-8 text, creating parent folders. */
public final class WriteFileTool implements AgentTool {
  public static final String NAME = "write_file";

  private final Path root;

  public WriteFileTool(Path workspace) {
    this.root = workspace.toAbsolutePath().normalize();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  @Tool(name = NAME)
  public ToolResult execute(ToolCall call) {
    String path = call.requireArgument("path");
    Path file = WorkspacePaths.resolve(root, path);
    byte[] bytes = call.requireArgument("content").getBytes(StandardCharsets.UTF_8);
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ToolResult.success(call.id(), "wrote " + bytes.length + " bytes to " + path);
  }
}
