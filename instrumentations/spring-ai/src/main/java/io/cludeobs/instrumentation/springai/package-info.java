/**
 * Spring AI 1.1.x and 2.0.x: the provider chat models' {@code call(Prompt)} and {@code stream(Prompt)}
 * and the tool callbacks Spring AI builds for {@code @Tool} methods and functions, woven so that
 * each hands its objects to {@link io.cludeobs.bootstrap.genai.GenAi}. Matched by exact class and
 * method names, so versions whose classes look different are left alone.
 */
package io.cludeobs.instrumentation.springai;
