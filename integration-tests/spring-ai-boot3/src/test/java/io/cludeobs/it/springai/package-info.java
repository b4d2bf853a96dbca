/** Spring AI 1.1 on Spring Boot 3 with the real agent jar: spans, metrics and content capture. */
package io.cludeobs.it.springai;
