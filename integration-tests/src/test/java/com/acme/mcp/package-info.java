/** A sample app that calls MCP tools over stdio, its client and server each in a JVM with the agent. */
package com.acme.mcp;
