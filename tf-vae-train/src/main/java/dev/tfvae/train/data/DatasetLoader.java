package dev.tfvae.train.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resolves a {@code --dataset} argument to a {@link Dataset}: {@code shapes}, {@code fashion-mnist},
 * {@code mnist}, {@code idx:DIR}, {@code csv:FILE} ({@link CsvDataset}) or {@code images:DIR}
 * ({@link ImageFolderDataset}).
 *
 * <p>Named IDX datasets are searched, in order, in the explicit data folder, {@code $TFVAE_DATA/<name>},
 * {@code /usr/share/datasets/<name>} (where Debian's {@code dataset-fashion-mnist} package puts
 * Fashion-MNIST) and {@code ~/.tf-vae/datasets/<name>}.
 */
public final class DatasetLoader {
  private static final Map<String, String> HOW_TO_GET =
      Map.of(
          "fashion-mnist",
          "install Debian's package (apt-get install dataset-fashion-mnist) or copy the four "
              + "*-ubyte.gz files into one of these folders",
          "mnist",
          "copy the four MNIST *-ubyte(.gz) files into one of these folders");

  private final Path dataDir;
  private final Map<String, String> environment;
  private final Path home;
  private final String labelColumn;

  /**
   * @param dataDir the {@code --data-dir} folder, or {@code null}
   * @param environment environment variables (for {@code TFVAE_DATA})
   * @param home the user's home folder
   */
  public DatasetLoader(Path dataDir, Map<String, String> environment, Path home) {
    this(dataDir, environment, home, null);
  }

  private DatasetLoader(
      Path dataDir, Map<String, String> environment, Path home, String labelColumn) {
    this.dataDir = dataDir;
    this.environment = Map.copyOf(environment);
    this.home = home;
    this.labelColumn = labelColumn;
  }

  /** This loader with a CSV label column (header name or 0-based index); {@code null} for none. */
  public DatasetLoader withLabelColumn(String labelColumn) {
    return new DatasetLoader(dataDir, environment, home, labelColumn);
  }

  /** A loader using the process environment and {@code user.home}. */
  public static DatasetLoader standard(Path dataDir) {
    return new DatasetLoader(dataDir, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  public Dataset load(String spec) throws IOException {
    if (labelColumn != null && !spec.startsWith("csv:")) {
      throw new IllegalArgumentException(
          "--label-column applies to csv:FILE datasets only, not to '" + spec + "'");
    }
    if (spec.equals(ShapesDataset.NAME)) {
      return ShapesDataset.load();
    }
    if (spec.startsWith("idx:")) {
      return IdxDataset.load(spec, location(spec, "idx:", "folder"));
    }
    if (spec.startsWith("csv:")) {
      return CsvDataset.load(spec, location(spec, "csv:", "CSV file"), labelColumn);
    }
    if (spec.startsWith("images:")) {
      return ImageFolderDataset.load(spec, location(spec, "images:", "folder"));
    }
    if (HOW_TO_GET.containsKey(spec)) {
      return IdxDataset.load(spec, namedFolder(spec));
    }
    throw new IllegalArgumentException(
        "unknown dataset '" + spec
            + "'; expected shapes, fashion-mnist, mnist, idx:DIR, csv:FILE or images:DIR");
  }

  /**
   * Opens {@code spec} for streamed training: the examples stay on disk and are read a range at a time.
   * Takes {@code fashion-mnist}, {@code mnist} and {@code idx:DIR} (uncompressed IDX files) and
   * {@code csv:FILE}; the split, scaling and standardisation are those of {@link #load}.
   *
   * @throws IllegalArgumentException for data that cannot be streamed ({@code shapes}, {@code images:})
   */
  public StreamedDataset stream(String spec) throws IOException {
    if (labelColumn != null && !spec.startsWith("csv:")) {
      throw new IllegalArgumentException(
          "--label-column applies to csv:FILE datasets only, not to '" + spec + "'");
    }
    if (spec.startsWith("idx:")) {
      return StreamedIdx.open(spec, location(spec, "idx:", "folder"));
    }
    if (spec.startsWith("csv:")) {
      return StreamedCsv.open(spec, location(spec, "csv:", "CSV file"), labelColumn);
    }
    if (HOW_TO_GET.containsKey(spec)) {
      return StreamedIdx.open(spec, namedFolder(spec));
    }
    throw new IllegalArgumentException(
        "--dataset " + spec + " cannot be streamed from disk; streaming reads IDX folders"
            + " (fashion-mnist, mnist, idx:DIR) and csv:FILE tables");
  }

  /**
   * About how many bytes of memory {@link #load} and in-memory training of {@code spec} take (Java heap
   * and native memory together), from file sizes and headers alone; 0 when the data is not streamable
   * (it is generated, or an image folder).
   *
   * <p>IDX: 9 bytes per pixel (the file's bytes while they are converted, the float32 examples on the
   * heap and their native copy that training feeds). CSV: 16 bytes per byte of the file (its parsed cells
   * are held as strings before they become numbers).
   */
  public long inMemoryBytes(String spec) throws IOException {
    if (spec.startsWith("csv:")) {
      Path file = location(spec, "csv:", "CSV file");
      return Files.isRegularFile(file) ? 16 * Files.size(file) : 0;
    }
    Path dir =
        spec.startsWith("idx:") ? location(spec, "idx:", "folder")
            : HOW_TO_GET.containsKey(spec) ? namedFolderOrNull(spec) : null;
    if (dir == null) {
      return 0;
    }
    long pixels = 0;
    for (String base : new String[] {IdxDataset.TRAIN_IMAGES, IdxDataset.TEST_IMAGES}) {
      Path file = IdxDataset.find(dir, base);
      if (file != null) {
        pixels += IdxReader.payloadBytes(file);
      }
    }
    return 9 * pixels;
  }

  private Path namedFolder(String spec) throws NoSuchFileException {
    Path dir = namedFolderOrNull(spec);
    if (dir == null) {
      List<Path> candidates = candidates(spec);
      StringBuilder message = new StringBuilder("dataset '" + spec + "' not found; looked in:");
      for (Path d : candidates) {
        message.append("\n  ").append(d);
      }
      message.append("\nTo get it: ").append(HOW_TO_GET.get(spec)).append(
          ", or pass --data-dir DIR.");
      throw new NoSuchFileException(spec, null, message.toString());
    }
    return dir;
  }

  private Path namedFolderOrNull(String spec) {
    for (Path dir : candidates(spec)) {
      if (IdxDataset.present(dir)) {
        return dir;
      }
    }
    return null;
  }

  private static Path location(String spec, String prefix, String what) {
    String path = spec.substring(prefix.length());
    if (path.isEmpty()) {
      throw new IllegalArgumentException(
          "--dataset " + prefix + " needs a " + what + " after '" + prefix + "'");
    }
    return Path.of(path);
  }

  /** The folders searched for a named IDX dataset, in order. */
  public List<Path> candidates(String name) {
    List<Path> dirs = new ArrayList<>();
    if (dataDir != null) {
      dirs.add(dataDir);
    }
    String env = environment.get("TFVAE_DATA");
    if (env != null && !env.isBlank()) {
      dirs.add(Path.of(env, name));
    }
    dirs.add(Path.of("/usr/share/datasets", name));
    dirs.add(home.resolve(".tf-vae").resolve("datasets").resolve(name));
    return dirs;
  }
}
