package dev.tfvae.core.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of tf-vae and TensorFlow Java this build was made with (recorded in every manifest). */
public final class LibraryVersions {
  private LibraryVersions() {}

  /** The versions of this library, TensorFlow Java (with its native TensorFlow) and the running JVM. */
  public static ModelManifest.Versions current() {
    Properties p = new Properties();
    try (InputStream in = LibraryVersions.class.getResourceAsStream("/dev/tfvae/core/versions.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ModelManifest.Versions(
        p.getProperty("tfvae.version", "unknown"),
        p.getProperty("tensorflow.java.version", "unknown")
            + " (TensorFlow " + org.tensorflow.TensorFlow.version() + ")",
        System.getProperty("java.version"));
  }
}
