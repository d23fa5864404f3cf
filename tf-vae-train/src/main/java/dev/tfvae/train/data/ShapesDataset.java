package dev.tfvae.train.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The embedded default dataset: white shapes (square, ellipse, triangle) on black, 28×28, drawn with
 * anti-aliasing from five independent factors — shape, scale, rotation, x and y — so a latent space can be
 * compared with the truth. Generated deterministically: the same counts give the same images on any JVM.
 */
public final class ShapesDataset {
  public static final String NAME = "shapes";
  public static final int SIZE = 28;
  public static final List<String> SHAPE_NAMES = List.of("square", "ellipse", "triangle");

  static final int TRAIN_COUNT = 20_000;
  static final int VALIDATION_COUNT = 2_000;
  private static final long TRAIN_SEED = 0x5EED_0001L;
  private static final long VALIDATION_SEED = 0x5EED_0002L;
  private static final int SUPERSAMPLING = 3;

  /**
   * The factors of one image.
   *
   * @param shape index into {@link #SHAPE_NAMES}
   * @param scale half-size in pixels
   * @param rotation radians
   * @param x centre column in pixels
   * @param y centre row in pixels
   */
  public record Factors(int shape, double scale, double rotation, double x, double y) {}

  /**
   * Images with the factors they were drawn from.
   *
   * @param images the images, labels = shape index
   * @param factors the factors of image i at index i
   */
  public record WithFactors(Split images, List<Factors> factors) {
    public WithFactors {
      factors = List.copyOf(factors);
    }
  }

  private ShapesDataset() {}

  /**
   * The first {@code count} images of the standard validation split ({@code validation}) or training
   * split, exactly as {@link #load()} draws them, with their factors.
   */
  public static WithFactors withFactors(boolean validation, int count) {
    int available = validation ? VALIDATION_COUNT : TRAIN_COUNT;
    if (count < 1 || count > available) {
      throw new IllegalArgumentException(
          "the " + (validation ? "validation" : "training") + " split of shapes has " + available
              + " images; asked for " + count);
    }
    long seed = validation ? VALIDATION_SEED : TRAIN_SEED;
    SplittableRandom random = new SplittableRandom(seed);
    List<Factors> factors = new java.util.ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      factors.add(randomFactors(random));
    }
    return new WithFactors(generate(count, seed), factors);
  }

  /** The standard split: 20,000 training and 2,000 validation images. */
  public static Dataset load() {
    return new Dataset(
        NAME,
        List.of(SIZE, SIZE),
        generate(TRAIN_COUNT, TRAIN_SEED),
        generate(VALIDATION_COUNT, VALIDATION_SEED),
        List.of(),
        Dataset.PIXELS,
        Dataset.Setup.labelled(SHAPE_NAMES));
  }

  /** {@code count} images from the generator seeded with {@code seed}; labels are the shape index. */
  public static Split generate(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[count * SIZE * SIZE];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      Factors f = randomFactors(random);
      labels[i] = f.shape();
      render(f, values, i * SIZE * SIZE);
    }
    return new Split(values, SIZE * SIZE, labels);
  }

  static Factors randomFactors(SplittableRandom random) {
    int shape = random.nextInt(SHAPE_NAMES.size());
    double scale = 3.0 + 4.0 * random.nextDouble();
    double rotation = random.nextDouble() * 2 * Math.PI;
    double reach = scale * boundingRadius(shape) + 0.5;
    double x = reach + random.nextDouble() * (SIZE - 2 * reach);
    double y = reach + random.nextDouble() * (SIZE - 2 * reach);
    return new Factors(shape, scale, rotation, x, y);
  }

  /** Draws one image into {@code out} starting at {@code offset}; pixel value = covered fraction. */
  public static void render(Factors f, float[] out, int offset) {
    double cos = Math.cos(f.rotation());
    double sin = Math.sin(f.rotation());
    double step = 1.0 / SUPERSAMPLING;
    for (int row = 0; row < SIZE; row++) {
      for (int col = 0; col < SIZE; col++) {
        int hits = 0;
        for (int sy = 0; sy < SUPERSAMPLING; sy++) {
          for (int sx = 0; sx < SUPERSAMPLING; sx++) {
            double px = col + (sx + 0.5) * step - f.x();
            double py = row + (sy + 0.5) * step - f.y();
            double u = (cos * px + sin * py) / f.scale();
            double v = (-sin * px + cos * py) / f.scale();
            if (inside(f.shape(), u, v)) {
              hits++;
            }
          }
        }
        out[offset + row * SIZE + col] = hits / (float) (SUPERSAMPLING * SUPERSAMPLING);
      }
    }
  }

  private static double boundingRadius(int shape) {
    return switch (shape) {
      case 0 -> Math.sqrt(2);
      case 1 -> 1.0;
      default -> 1.2;
    };
  }

  private static boolean inside(int shape, double u, double v) {
    return switch (shape) {
      case 0 -> Math.abs(u) <= 1 && Math.abs(v) <= 1;
      case 1 -> u * u + (v * v) / 0.36 <= 1;
      default -> insideTriangle(u, v);
    };
  }

  /** Equilateral triangle with circumradius 1.2, centred on the origin. */
  private static boolean insideTriangle(double u, double v) {
    double r = 1.2;
    double inradius = r / 2;
    for (int k = 0; k < 3; k++) {
      double angle = Math.PI / 2 + k * 2 * Math.PI / 3;
      // The edge opposite vertex k has its outward normal pointing away from that vertex.
      double nx = -Math.cos(angle);
      double ny = -Math.sin(angle);
      if (u * nx + v * ny > inradius) {
        return false;
      }
    }
    return true;
  }
}
