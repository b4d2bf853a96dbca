/** A Spring Boot 4 sample app with Spring AI 2.0's OpenAI model, run in a child JVM by the tests. */
package com.acme.springai;
