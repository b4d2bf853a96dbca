package com.example.codingagent.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Returns the UTF-8 text of one workspace file; a missing file is an exception, as in real agents.
 */
public final class ReadFileTool implements AgentTool {
  public static final String NAME = "read_file";

  private final Path root;

  public ReadFileTool(Path workspace) {
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
    try {
      return ToolResult.success(call.id(), Files.readString(file));
    } catch (NoSuchFileException e) {
      // Name the file relative to the workspace: the model only knows those paths.
      throw new UncheckedIOException("no such file: " + path, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
