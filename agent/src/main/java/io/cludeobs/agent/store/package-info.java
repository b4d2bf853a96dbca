/** The local data directory: its file layout, the rotating line writer and the reader the CLI uses. */
package io.cludeobs.agent.store;
