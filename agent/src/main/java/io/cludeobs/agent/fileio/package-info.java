/**
 * File I/O of the application: which files it read and wrote, how many bytes and how long, as
 * metrics always, as spans inside sampled traces, and as audit events inside tool calls. The JDK
 * side (advice and per-handle state) is in {@code instrumentations/file-io} and {@code
 * io.cludeobs.bootstrap.FileIo}.
 */
package io.cludeobs.agent.fileio;
