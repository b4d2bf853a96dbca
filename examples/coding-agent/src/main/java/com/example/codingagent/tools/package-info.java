/**
 * The file tools the coding agent offers its model, each marked with {@link
 * com.example.codingagent.tools.Tool}.
 */
package com.example.codingagent.tools;
