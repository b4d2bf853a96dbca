package io.cludeobs.agent;

import java.io.File;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * Entry point of {@code -javaagent:clude-obs.jar} and of runtime attach. The bootstrap classes go
 * on the bootstrap class path (so woven classes in any class loader can call them) before any class
 * that refers to them is touched.
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
      AgentStarter.start(args, inst, attached);
    } catch (Throwable t) {
      AgentLog.info("could not start, the application runs without it: " + t);
      if (AgentLog.isDebug()) {
        t.printStackTrace();
      }
    }
  }

  /**
   * Makes the bootstrap classes visible to every class loader. Done only when something is about to
   * be woven. Defining them in the bootstrap loader keeps the JVM's class-data sharing on; where the
   * JVM does not allow that, the nested jar is appended to the bootstrap class path.
   */
  static void appendBootstrapJar(Instrumentation inst) throws Exception {
    try (InputStream in = CludeObsAgent.class.getResourceAsStream(BOOTSTRAP_JAR)) {
      if (in != null && BootstrapInjector.inject(inst, in)) {
        return;
      }
    } catch (Throwable t) {
      AgentLog.debug("defining bootstrap classes failed, appending the jar instead: " + t);
    }
    inst.appendToBootstrapClassLoaderSearch(new JarFile(extractBootstrapJar()));
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
