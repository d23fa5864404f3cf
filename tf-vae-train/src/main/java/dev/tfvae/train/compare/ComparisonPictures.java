package dev.tfvae.train.compare;

import dev.tfvae.infer.Interpolation;
import dev.tfvae.infer.LatentSpace;
import dev.tfvae.train.analysis.Codec;
import dev.tfvae.train.analysis.LatentContinuity;
import dev.tfvae.train.data.Split;
import dev.tfvae.train.pictures.Charts;
import dev.tfvae.train.pictures.ImageGrid;
import dev.tfvae.train.pictures.Pictures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The pictures of a {@link Comparison}, drawn from each contender's {@link Codec} as it is added. */
final class ComparisonPictures {
  private static final int COLUMNS = 10;
  private static final long SEED = 0x5A11;

  private final Path dir;
  private final ImageGrid grid;
  private final Split heldOut;
  private final Map<Integer, String> labelNames;
  private final List<String> names = new ArrayList<>();
  private final List<List<float[]>> samples = new ArrayList<>();
  private final List<List<float[]>> paths = new ArrayList<>();

  ComparisonPictures(Path dir, List<Integer> shape, Split heldOut, Map<Integer, String> labelNames) {
    this.dir = dir;
    boolean image = shape.size() == 2 || shape.size() == 3;
    this.grid = new ImageGrid(shape, image ? Math.max(1, 84 / Math.max(shape.get(0), shape.get(1))) : 12);
    this.heldOut = heldOut;
    this.labelNames = labelNames;
  }

  void add(String name, Codec codec) throws IOException {
    Split head = heldOut.head(3000);
    float[][] xs = LatentContinuity.rows(head);
    float[][] points = Pictures.project(codec.encode(xs));
    String axes = codec.latentDim() > 2 ? "PC %d of the code" : "z%d";
    ImageGrid.write(
        Charts.latentMap(
            name.toUpperCase(java.util.Locale.ROOT) + " latent map", String.format(axes, codec.latentDim() > 2 ? 1 : 0),
            String.format(axes, codec.latentDim() > 2 ? 2 : 1), points, head.labels(), labelNames),
        dir.resolve("latent-map-" + name + ".png"));
    names.add(name);
    samples.add(Arrays.asList(codec.decode(LatentContinuity.standardNormal(COLUMNS, codec.latentDim(), SEED))));
    float[][] ends = codec.encode(new float[][] {heldOut.example(0), heldOut.example(1)});
    paths.add(Arrays.asList(codec.decode(LatentSpace.codesBetween(ends[0], ends[1], COLUMNS, Interpolation.LINEAR))));
  }

  void finish() throws IOException {
    ImageGrid.write(
        grid.render("Decoded from the same draws of z ~ N(0, I)", samples, names, List.of()),
        dir.resolve("prior-samples.png"));
    ImageGrid.write(
        grid.render("Decoded along the straight line between the codes of held-out examples 0 and 1",
            paths, names, List.of()),
        dir.resolve("interpolations.png"));
  }
}
