package io.cludeobs.agent.fileio;

import io.cludeobs.bootstrap.FileIo;

/** The kinds of file operation, each with its span name, metric attribute and whether it is audited. */
enum FileOperation {
  READ("read", false),
  WRITE("write", true),
  COPY("copy", true),
  MOVE("move", true),
  DELETE("delete", true),
  CREATE("create", true),
  CREATE_DIRECTORY("create_directory", true),
  LIST("list", false),
  WALK("walk", false);

  final String key;
  final String spanName;
  /** Changes files, so it is an audit event when made inside a tool call. */
  final boolean change;

  FileOperation(String key, boolean change) {
    this.key = key;
    this.spanName = "file." + key;
    this.change = change;
  }

  /** The operation of one of the {@code FileIo.OP_*} constants. */
  static FileOperation of(int op) {
    switch (op) {
      case FileIo.OP_COPY:
        return COPY;
      case FileIo.OP_MOVE:
        return MOVE;
      case FileIo.OP_DELETE:
        return DELETE;
      case FileIo.OP_CREATE:
        return CREATE;
      case FileIo.OP_CREATE_DIRECTORY:
        return CREATE_DIRECTORY;
      case FileIo.OP_LIST:
        return LIST;
      default:
        return WALK;
    }
  }
}
