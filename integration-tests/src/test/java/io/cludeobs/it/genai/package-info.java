/** GenAI library instrumentations, run in a child JVM with the real jar against local wire servers. */
package io.cludeobs.it.genai;
