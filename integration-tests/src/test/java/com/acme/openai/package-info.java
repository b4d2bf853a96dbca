/** A small agent on openai-java 4.x that the GenAI integration tests run in a child JVM. */
package com.acme.openai;
