/** A small coding agent: the task loop, the tasks it runs and the demo entry point. */
package com.example.codingagent;
