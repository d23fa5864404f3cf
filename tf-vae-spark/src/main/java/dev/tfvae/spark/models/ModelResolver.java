package dev.tfvae.spark.models;

import dev.tfvae.core.contract.ModelManifest;
import dev.tfvae.core.contract.SignatureContract;
import dev.tfvae.core.model.Likelihood;
import dev.tfvae.core.model.ModelKind;
import dev.tfvae.core.model.VaeConfig;
import dev.tfvae.infer.ModelPaths;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Resolves a model path on any Hadoop file system ({@code file:}, {@code hdfs:}, {@code s3a:}, or a path
 * of the default file system) to one version folder, the way {@link ModelPaths#resolveVersion} does for
 * local paths: a folder holding {@code saved_model.pb} is that version; otherwise the folder is a base
 * folder and its highest version folder ({@link ModelPaths#versionNumber}, the one definition) is meant.
 * Runs on the driver, once per job, so that every task of the job uses the same version.
 */
public final class ModelResolver {
  private static final String SAVED_MODEL = "saved_model.pb";

  private ModelResolver() {}

  /**
   * The version {@code path} designates, with the facts of its manifest.
   *
   * @throws FileNotFoundException when the folder, its versions, {@code saved_model.pb} or the manifest
   *     is missing (the message names the path)
   * @throws IOException when the file system cannot be read or the manifest is not valid
   */
  public static ResolvedModel resolve(String path, Configuration conf) throws IOException {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("no model path given: \"" + path + "\"");
    }
    Path given = new Path(path);
    FileSystem fs = given.getFileSystem(conf);
    Path folder = fs.makeQualified(given);
    Path version = isVersionFolder(fs, folder) ? folder : newestVersion(fs, folder);
    Path manifestFile = new Path(version, SignatureContract.MANIFEST_PATH);
    if (!fs.isFile(manifestFile)) {
      throw new FileNotFoundException(manifestFile + ": the model has no tf-vae manifest");
    }
    String json;
    try (InputStream in = fs.open(manifestFile)) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    VaeConfig config = ModelManifest.fromJson(json, manifestFile.toString()).config();
    return new ResolvedModel(
        version.toString(),
        ModelPaths.versionNumber(version.getName()).orElse(0),
        config.inputShape(),
        config.latentDim(),
        config.kind() == ModelKind.VAE,
        config.likelihood() == Likelihood.BERNOULLI);
  }

  private static boolean isVersionFolder(FileSystem fs, Path folder) throws IOException {
    return fs.isFile(new Path(folder, SAVED_MODEL));
  }

  private static Path newestVersion(FileSystem fs, Path base) throws IOException {
    if (!fs.exists(base)) {
      throw new FileNotFoundException(base + ": model folder not found");
    }
    if (!fs.getFileStatus(base).isDirectory()) {
      throw new FileNotFoundException(base + ": not a folder (a model is a SavedModel folder)");
    }
    int newest = 0;
    for (FileStatus child : fs.listStatus(base)) {
      OptionalInt n = ModelPaths.versionNumber(child.getPath().getName());
      if (child.isDirectory() && n.isPresent() && n.getAsInt() > newest) {
        newest = n.getAsInt();
      }
    }
    if (newest == 0) {
      throw new FileNotFoundException(base + ": neither a SavedModel version folder (no " + SAVED_MODEL
          + ") nor a base folder with integer version folders");
    }
    Path version = new Path(base, Integer.toString(newest));
    if (!isVersionFolder(fs, version)) {
      throw new FileNotFoundException(new Path(version, SAVED_MODEL) + ": newest version has no " + SAVED_MODEL);
    }
    return version;
  }
}
