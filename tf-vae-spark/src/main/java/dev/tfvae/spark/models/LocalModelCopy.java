package dev.tfvae.spark.models;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Copies a version folder from its Hadoop file system into a fresh local temporary folder (TensorFlow
 * loads SavedModels from local files only), and deletes such copies. The copy keeps the version folder's
 * name, so the loaded model reports the same version.
 */
final class LocalModelCopy {
  private LocalModelCopy() {}

  /** Copies {@code versionUri} and returns the local version folder. */
  static Path copy(String versionUri, Configuration conf) throws IOException {
    org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(versionUri);
    FileSystem fs = source.getFileSystem(conf);
    Path dir = Files.createTempDirectory("tf-vae-spark-model-");
    Path target = dir.resolve(source.getName().isEmpty() ? "model" : source.getName());
    try {
      fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(target.toUri()), true);
      if (!Files.isRegularFile(target.resolve("saved_model.pb"))) {
        throw new FileNotFoundException(versionUri + ": no saved_model.pb after copying it to " + target);
      }
      return target;
    } catch (IOException | RuntimeException e) {
      delete(target);
      throw e;
    }
  }

  /** Deletes a copy made by {@link #copy} with its temporary parent folder; never throws. */
  static void delete(Path copy) {
    Path dir = copy.getParent();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.getLogger(LocalModelCopy.class.getName())
          .log(System.Logger.Level.WARNING, "tf-vae-spark: could not delete " + dir + ": " + e);
    }
  }
}
