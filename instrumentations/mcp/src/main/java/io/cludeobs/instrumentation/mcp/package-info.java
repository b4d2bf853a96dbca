/**
 * MCP Java SDK 2.x: the async client's {@code callTool} (which the sync client delegates to) and the
 * async server's {@code tools/call} request handler (which sync servers delegate to), woven so that each tool
 * call hands its request and result to {@link io.cludeobs.bootstrap.genai.McpCalls}. Matched by class
 * and method shape only, so other versions whose classes look different are left alone.
 */
package io.cludeobs.instrumentation.mcp;
