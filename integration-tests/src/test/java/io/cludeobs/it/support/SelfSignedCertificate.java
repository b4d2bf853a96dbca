package io.cludeobs.it.support;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with the JDK's keytool, for TLS receivers in tests;
 * {@link #pemFile()} is what a client must be told to trust.
 */
public final class SelfSignedCertificate {
  private static final String PASSWORD = "changeit";
  private static final String ALIAS = "otlp";

  private final Path keyStore;
  private final Path pem;

  private SelfSignedCertificate(Path keyStore, Path pem) {
    this.keyStore = keyStore;
    this.pem = pem;
  }

  /** Generates a new key pair and certificate in {@code dir} ({@code otlp.p12}, {@code otlp.pem}). */
  public static SelfSignedCertificate generate(Path dir) {
    Path keyStore = dir.resolve("otlp.p12");
    Path pem = dir.resolve("otlp.pem");
    keytool(
        "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool(
        "-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(), "-storepass", PASSWORD,
        "-file", pem.toString());
    return new SelfSignedCertificate(keyStore, pem);
  }

  /** The certificate in PEM, for {@code OTEL_EXPORTER_OTLP_CERTIFICATE}. */
  public Path pemFile() {
    return pem;
  }

  SSLContext sslContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers().getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not build a TLS context from " + keyStore, e);
    }
  }

  private KeyManagerFactory keyManagers() {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, PASSWORD.toCharArray());
      return factory;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + keyStore, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not load the key in " + keyStore, e);
    }
  }

  /** gRPC's Netty needs its own context type; the key is the same. */
  SslContext grpcContext() {
    try {
      return GrpcSslContexts.configure(SslContextBuilder.forServer(keyManagers())).build();
    } catch (IOException e) {
      throw new UncheckedIOException("could not build the gRPC TLS context from " + keyStore, e);
    }
  }

  private static void keytool(String... args) {
    Path keytool = Jdks.current().resolve("bin").resolve("keytool");
    List<String> command = new java.util.ArrayList<>();
    command.add(keytool.toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(output));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + keytool, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
