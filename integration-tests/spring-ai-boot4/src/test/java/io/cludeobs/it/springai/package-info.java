/** Spring AI 2.0 on Spring Boot 4 with the real agent jar: spans, metrics and content capture. */
package io.cludeobs.it.springai;
