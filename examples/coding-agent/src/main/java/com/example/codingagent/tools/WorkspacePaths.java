package com.example.codingagent.tools;

import java.nio.file.Path;

/** Resolves the relative paths the model sends, refusing any that leave the workspace. */
final class WorkspacePaths {
  private WorkspacePaths() {}

  static Path resolve(Path root, String relative) {
    Path resolved = root.resolve(relative).normalize();
    if (!resolved.startsWith(root)) {
      throw new IllegalArgumentException(
          "path '" + relative + "' is outside the workspace; use a path relative to it");
    }
    return resolved;
  }

  /** The path as the model sees it: relative to the root, '/'-separated on every OS. */
  static String display(Path root, Path file) {
    return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }
}
