/** The README demo run with the real jar: its real-model mode against a local OpenAI-wire server. */
package io.cludeobs.it.demo;
