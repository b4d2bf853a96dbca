package com.acme.files;

import java.io.IOException;
import java.nio.file.Path;

/** The task pointcut of FilesApp: its file operations happen inside a sampled trace. */
public class FileTask {
  public void run(Path dir) throws IOException {
    FilesApp.Steps.all(dir);
  }
}
