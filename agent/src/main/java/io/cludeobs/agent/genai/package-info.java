/**
 * GenAI model calls made through known client libraries: the recorder behind {@link
 * io.cludeobs.bootstrap.genai.GenAi} (spans to the GenAI conventions, duration, token and cost
 * metrics), the per-library readers of request and response objects, stream wrappers, the pricing
 * table and opt-in content capture with redaction.
 */
package io.cludeobs.agent.genai;
