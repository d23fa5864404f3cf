package dev.tfvae.infer;

import static dev.tfvae.core.base.Preconditions.checkArgument;
import static dev.tfvae.core.base.Preconditions.checkNotNull;

import dev.tfvae.core.contract.SignatureContract;

/**
 * What a model accepts, checked in Java before anything reaches native code (where a bad shape would
 * be a native failure, and a NaN a silently wrong result): a non-empty batch of rows of the right
 * length, finite values, and for a Bernoulli model's inputs the range [0, 1] its likelihood is defined
 * on. Messages name the input, the row and the value.
 */
final class InputChecks {
  private final boolean unitIntervalInputs;

  /** @param unitIntervalInputs whether {@code x} must lie in [0, 1] (Bernoulli likelihood) */
  InputChecks(boolean unitIntervalInputs) {
    this.unitIntervalInputs = unitIntervalInputs;
  }

  /** Checks that a batch is non-empty and every row has {@code width} values. */
  static void checkShape(float[][] rows, int width, String name) {
    checkNotNull(rows, "%s must not be null", name);
    checkArgument(rows.length > 0, "%s: empty batch", name);
    for (int i = 0; i < rows.length; i++) {
      float[] row = rows[i];
      checkArgument(row != null, "%s row %s is null", name, i);
      checkArgument(
          row.length == width, "%s row %s has %s values, the model expects %s", name, i, row.length,
          width);
    }
  }

  /** Checks one example completely: length and values. */
  void checkExample(float[] row, int width, String name) {
    checkShape(new float[][] {row}, width, name);
    checkValues(row, 0, name);
  }

  /** The per-row value check of input {@code name}, for batches checked row by row as they are fed. */
  Engine.RowCheck valuesOf(String name) {
    return (row, index) -> checkValues(row, index, name);
  }

  /** Checks the values of row {@code index} of input {@code name}. */
  void checkValues(float[] row, int index, String name) {
    boolean unitInterval = unitIntervalInputs && name.equals(SignatureContract.X);
    for (int j = 0; j < row.length; j++) {
      float v = row[j];
      // One comparison pair per value; NaN fails both, so it is caught here too.
      if (unitInterval ? !(v >= 0f && v <= 1f) : !Float.isFinite(v)) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException(
              name + " row " + index + " value " + j + " is " + v + "; inputs must be finite");
        }
        throw new IllegalArgumentException(
            name + " row " + index + " value " + j + " is " + v + "; this model's inputs are in [0, 1]"
                + " (for 8-bit pixels divide by 255)");
      }
    }
  }
}
