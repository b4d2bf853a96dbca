package io.cludeobs.agent;

import java.io.File;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * Entry point of {@code -javaagent:clude-obs.jar} and of runtime attach. It first puts the
 * bootstrap classes on the bootstrap class path (so woven classes in any class loader can call
 * them) and only then touches any class that refers to them.
 */
public final class CludeObsAgent {

  private static final String BOOTSTRAP_JAR = "/clude-obs-inst/bootstrap.jar.bin";
  private static boolean started;

  private CludeObsAgent() {}

  public static void premain(String args, Instrumentation inst) {
    boot(args, inst, false);
  }

  public static void agentmain(String args, Instrumentation inst) {
    boot(args, inst, true);
  }

  private static synchronized void boot(String args, Instrumentation inst, boolean attached) {
    if (started) {
      AgentLog.info("already running in this JVM; ignoring the second start");
      return;
    }
    started = true;
    try {
      inst.appendToBootstrapClassLoaderSearch(new JarFile(extractBootstrapJar()));
      AgentStarter.start(args, inst, attached);
    } catch (Throwable t) {
      AgentLog.info("could not start, the application runs without it: " + t);
      if (AgentLog.isDebug()) {
        t.printStackTrace();
      }
    }
  }

  private static File extractBootstrapJar() throws Exception {
    Path jar = Files.createTempFile("clude-obs-bootstrap-", ".jar");
    File file = jar.toFile();
    file.deleteOnExit();
    try (InputStream in = CludeObsAgent.class.getResourceAsStream(BOOTSTRAP_JAR)) {
      if (in == null) {
        throw new IllegalStateException("the agent jar lacks " + BOOTSTRAP_JAR + "; rebuild clude-obs.jar");
      }
      Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }
}
