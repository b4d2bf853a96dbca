/** The memory backend's local status endpoint (loopback only). */
package io.cludeobs.agent.metrics.endpoint;
