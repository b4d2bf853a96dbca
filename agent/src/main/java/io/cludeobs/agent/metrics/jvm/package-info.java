/** JVM runtime metrics from the platform MXBeans, named as in the OpenTelemetry JVM conventions. */
package io.cludeobs.agent.metrics.jvm;
