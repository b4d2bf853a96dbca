/**
 * Classes that woven application and JDK classes call. They are appended to the bootstrap class
 * path so every class loader sees them, and so they stay tiny and free of dependencies.
 */
package io.cludeobs.bootstrap;
