/**
 * anthropic-java 3.x: the Messages API services, blocking and async, woven so that each create call
 * hands its request and result to {@link io.cludeobs.bootstrap.genai.GenAi}. Matched by class and
 * method name only, so other versions whose services look different are left alone.
 */
package io.cludeobs.instrumentation.anthropic;
