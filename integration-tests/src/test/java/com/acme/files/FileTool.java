package com.acme.files;

import java.io.IOException;
import java.nio.file.Path;

/** The tool pointcut of FilesApp: the file changes it makes go to the audit log. */
public class FileTool {
  public void execute(Path dir) throws IOException {
    FilesApp.Steps.changes(dir);
  }
}
