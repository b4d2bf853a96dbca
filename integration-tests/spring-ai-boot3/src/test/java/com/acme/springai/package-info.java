/** A Spring Boot 3 sample app with Spring AI 1.1's OpenAI model, run in a child JVM by the tests. */
package com.acme.springai;
