/**
 * The profiler: a continuous JDK Flight Recorder recording rotated into {@code data_dir/profiles/}, span begin
 * and end recorded as JFR events so that samples can be attributed to the span current on the sampled thread,
 * and {@link io.cludeobs.agent.profiling.ProfileAnalysis} that reads the files back.
 */
package io.cludeobs.agent.profiling;
