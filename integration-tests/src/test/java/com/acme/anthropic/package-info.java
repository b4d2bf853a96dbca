/** A small agent on anthropic-java 3.x that the GenAI integration tests run in a child JVM. */
package com.acme.anthropic;
