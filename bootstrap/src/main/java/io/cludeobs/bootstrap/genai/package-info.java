/**
 * The entry that GenAI library advice calls: start and end of one model call, with the library's
 * own request and response objects; the agent installs the recorder behind it.
 */
package io.cludeobs.bootstrap.genai;
