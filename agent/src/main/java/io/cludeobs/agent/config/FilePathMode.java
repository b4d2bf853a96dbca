package io.cludeobs.agent.config;

/** How file paths appear in spans and the audit log. */
public enum FilePathMode {
  /** The absolute, normalized path. */
  FULL,
  /** Relative to {@code file_io.base_dir} (with {@code ..} when outside it). */
  RELATIVE,
  /** {@code sha256:} and the first 16 hex digits of the SHA-256 of the absolute path. */
  HASHED,
  /** No path at all. */
  NONE
}
