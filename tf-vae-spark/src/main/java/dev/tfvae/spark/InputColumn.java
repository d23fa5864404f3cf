package dev.tfvae.spark;

import dev.tfvae.spark.models.ResolvedModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Where a row's model input is and how to read it as the model's {@code float[]}: an {@code array<float>}
 * or {@code array<double>} column, an ML {@code Vector} column, a list of numeric columns, or the struct of
 * Spark's {@code image} data source. Rows are read straight from Spark's internal rows (no boxing of the
 * values), and checked as tf-vae-infer checks them: the length, nulls, finite values, and [0, 1] for a
 * Bernoulli model.
 */
final class InputColumn implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Set<String> IMAGE_FIELDS = Set.of("height", "width", "nChannels", "mode", "data");
  /** OpenCV type codes of 8-bit images with 1, 3 and 4 channels (Spark's image source writes these). */
  private static final Set<Integer> IMAGE_MODES = Set.of(0, 16, 24);

  /** {@code b / 255f} for every byte value: the image models' preprocessing, exactly, without a division per pixel. */
  private static final float[] PIXEL = new float[256];

  static {
    for (int b = 0; b < PIXEL.length; b++) {
      PIXEL[b] = b / 255f;
    }
  }

  enum Kind { FLOAT_ARRAY, DOUBLE_ARRAY, VECTOR, NUMERIC_COLUMNS, IMAGE }

  /** A row the model cannot take; the message says why. Cheap: no stack trace. */
  static final class BadRow extends Exception {
    private static final long serialVersionUID = 1L;

    BadRow(String message) {
      super(message, null, false, false);
    }
  }

  private final Kind kind;
  private final String[] names;
  private final int[] ordinals;
  private final DataType[] types;
  /** For images: the struct's field ordinals of height, width, nChannels, mode, data. */
  private final int[] imageFields;

  private InputColumn(Kind kind, String[] names, int[] ordinals, DataType[] types, int[] imageFields) {
    this.kind = kind;
    this.names = names;
    this.ordinals = ordinals;
    this.types = types;
    this.imageFields = imageFields;
  }

  /** A single input column of {@code schema}; the error names the column and its type. */
  static InputColumn single(StructType schema, String name) {
    int ordinal = ordinal(schema, name);
    DataType type = schema.fields()[ordinal].dataType();
    Kind kind;
    int[] imageFields = null;
    if (type instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType)) {
      kind = Kind.FLOAT_ARRAY;
    } else if (type instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
      kind = Kind.DOUBLE_ARRAY;
    } else if (type.equals(SQLDataTypes.VectorType())) {
      kind = Kind.VECTOR;
    } else if (type instanceof StructType s && Set.of(s.fieldNames()).containsAll(IMAGE_FIELDS)) {
      kind = Kind.IMAGE;
      imageFields = new int[] {
          s.fieldIndex("height"), s.fieldIndex("width"), s.fieldIndex("nChannels"), s.fieldIndex("mode"),
          s.fieldIndex("data")};
    } else {
      throw new IllegalArgumentException("input column \"" + name + "\" has type " + type.simpleString()
          + "; the model's input must be array<float>, array<double>, an ML Vector, the struct of Spark's "
          + "image data source, or a list of numeric columns (inputCols)");
    }
    return new InputColumn(kind, new String[] {name}, new int[] {ordinal}, new DataType[] {type}, imageFields);
  }

  /** Numeric columns of {@code schema}, one model input value each, in this order. */
  static InputColumn numeric(StructType schema, String[] names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("inputCols is empty");
    }
    int[] ordinals = new int[names.length];
    DataType[] types = new DataType[names.length];
    for (int i = 0; i < names.length; i++) {
      ordinals[i] = ordinal(schema, names[i]);
      types[i] = schema.fields()[ordinals[i]].dataType();
      if (!(types[i] instanceof NumericType)) {
        throw new IllegalArgumentException("input column \"" + names[i] + "\" has type "
            + types[i].simpleString() + "; inputCols must all be numeric");
      }
    }
    if (Set.of(names).size() != names.length) {
      throw new IllegalArgumentException("inputCols names a column twice: " + Arrays.toString(names));
    }
    return new InputColumn(Kind.NUMERIC_COLUMNS, names.clone(), ordinals, types, null);
  }

  /** The input's ordinals in the row (to tell them apart from the other columns). */
  int[] ordinals() {
    return ordinals.clone();
  }

  /** For messages: {@code input column "features"} or {@code input columns p0, …, p783}. */
  String describe() {
    return names.length == 1
        ? "input column \"" + names[0] + "\""
        : "input columns " + names[0] + ", …, " + names[names.length - 1] + " (" + names.length + ")";
  }

  /** Checks on the driver what can be checked before any row is read. */
  void checkAgainst(ResolvedModel model) {
    if (kind == Kind.NUMERIC_COLUMNS && names.length != model.inputSize()) {
      throw new IllegalArgumentException(describe() + ": " + names.length + " columns, the model "
          + model.versionUri() + " expects " + model.inputSize() + " values per row");
    }
    if (kind == Kind.IMAGE && model.inputShape().size() < 2) {
      throw new IllegalArgumentException(describe() + " holds images, but the model " + model.versionUri()
          + " takes rows of shape " + model.inputShape());
    }
  }

  /** The model input of {@code row}, checked. */
  float[] read(InternalRow row, ResolvedModel model) throws BadRow {
    if (kind != Kind.NUMERIC_COLUMNS && row.isNullAt(ordinals[0])) {
      throw new BadRow("is null");
    }
    if (kind == Kind.IMAGE) {
      // 8-bit pixels divided by 255 are finite and in [0, 1]: nothing more to check.
      return image(row.getStruct(ordinals[0], ((StructType) types[0]).size()), model);
    }
    float[] x = switch (kind) {
      case FLOAT_ARRAY -> floats(row.getArray(ordinals[0]), model.inputSize());
      case DOUBLE_ARRAY -> narrow(doubles(row.getArray(ordinals[0]), model.inputSize()));
      case VECTOR -> narrow(vector(row.getStruct(ordinals[0], 4), model.inputSize()));
      case NUMERIC_COLUMNS -> numericValues(row);
      case IMAGE -> throw new IllegalStateException("read above");
    };
    checkValues(x, model.unitInterval());
    return x;
  }

  private static float[] floats(ArrayData a, int size) throws BadRow {
    checkLength(a.numElements(), size);
    checkNoNulls(a);
    return a.toFloatArray();
  }

  private static double[] doubles(ArrayData a, int size) throws BadRow {
    checkLength(a.numElements(), size);
    checkNoNulls(a);
    return a.toDoubleArray();
  }

  /** An ML Vector in its SQL form: struct {type: 0 sparse | 1 dense, size, indices, values}. */
  private static double[] vector(InternalRow v, int size) throws BadRow {
    if (v.getByte(0) == 1) {
      return doubles(v.getArray(3), size);
    }
    checkLength(v.getInt(1), size);
    int[] indices = v.getArray(2).toIntArray();
    double[] values = v.getArray(3).toDoubleArray();
    double[] dense = new double[size];
    for (int k = 0; k < indices.length; k++) {
      dense[indices[k]] = values[k];
    }
    return dense;
  }

  private float[] numericValues(InternalRow row) throws BadRow {
    float[] x = new float[ordinals.length];
    for (int i = 0; i < ordinals.length; i++) {
      int o = ordinals[i];
      if (row.isNullAt(o)) {
        throw new BadRow("column \"" + names[i] + "\" is null");
      }
      double v = switch (types[i].typeName()) {
        case "byte" -> row.getByte(o);
        case "short" -> row.getShort(o);
        case "integer" -> row.getInt(o);
        case "long" -> row.getLong(o);
        case "float" -> row.getFloat(o);
        case "double" -> row.getDouble(o);
        default -> {
          DecimalType d = (DecimalType) types[i];
          yield row.getDecimal(o, d.precision(), d.scale()).toDouble();
        }
      };
      x[i] = narrow(v, i);
    }
    return x;
  }

  /** An image of Spark's image source: 8-bit, channels in BGR(A) order, rows top to bottom. */
  private float[] image(InternalRow img, ResolvedModel model) throws BadRow {
    List<Integer> shape = model.inputShape();
    int height = img.getInt(imageFields[0]);
    int width = img.getInt(imageFields[1]);
    int channels = img.getInt(imageFields[2]);
    int mode = img.getInt(imageFields[3]);
    int modelChannels = shape.size() == 3 ? shape.get(2) : 1;
    if (height != shape.get(0) || width != shape.get(1)) {
      throw new BadRow("is a " + height + "×" + width + " image; the model takes " + shape.get(0) + "×"
          + shape.get(1));
    }
    if (!IMAGE_MODES.contains(mode) || img.isNullAt(imageFields[4])) {
      throw new BadRow("is an image of OpenCV type " + mode + "; only 8-bit images (types 0, 16, 24) are read");
    }
    boolean fits = modelChannels == 1 ? channels == 1 : modelChannels == 3 && (channels == 3 || channels == 4);
    if (!fits) {
      throw new BadRow("is an image with " + channels + " channels; the model takes " + modelChannels);
    }
    byte[] data = img.getBinary(imageFields[4]);
    int pixels = height * width;
    if (data.length != pixels * channels) {
      throw new BadRow("is an image whose data has " + data.length + " bytes, not " + pixels + "×" + channels);
    }
    float[] x = new float[pixels * modelChannels];
    if (modelChannels == 1) {
      for (int p = 0; p < pixels; p++) {
        x[p] = PIXEL[data[p] & 0xff];
      }
      return x;
    }
    for (int p = 0; p < pixels; p++) {
      for (int c = 0; c < 3; c++) {
        // BGR(A) to the RGB order of tf-vae's image datasets.
        x[p * 3 + c] = PIXEL[data[p * channels + 2 - c] & 0xff];
      }
    }
    return x;
  }

  private static void checkLength(int length, int size) throws BadRow {
    if (length != size) {
      throw new BadRow("has " + length + " values; the model expects " + size);
    }
  }

  private static void checkNoNulls(ArrayData a) throws BadRow {
    for (int j = 0; j < a.numElements(); j++) {
      if (a.isNullAt(j)) {
        throw new BadRow("value " + j + " is null");
      }
    }
  }

  private static float[] narrow(double[] values) throws BadRow {
    float[] x = new float[values.length];
    for (int j = 0; j < values.length; j++) {
      x[j] = narrow(values[j], j);
    }
    return x;
  }

  private static float narrow(double v, int j) throws BadRow {
    float f = (float) v;
    if (Double.isFinite(v) && !Float.isFinite(f)) {
      throw new BadRow("value " + j + " is " + v + ", outside float32's range");
    }
    return f;
  }

  /** The checks of tf-vae-infer's inputs, with its wording, so that a bad row is caught before a batch. */
  private static void checkValues(float[] x, boolean unitInterval) throws BadRow {
    for (int j = 0; j < x.length; j++) {
      float v = x[j];
      if (unitInterval ? !(v >= 0f && v <= 1f) : !Float.isFinite(v)) {
        throw new BadRow(!Float.isFinite(v)
            ? "value " + j + " is " + v + "; inputs must be finite"
            : "value " + j + " is " + v + "; this model's inputs are in [0, 1] (for 8-bit pixels divide by 255)");
      }
    }
  }

  private static int ordinal(StructType schema, String name) {
    List<String> names = new ArrayList<>(Arrays.asList(schema.fieldNames()));
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("input column \"" + name + "\" does not exist; the columns are " + names);
    }
    return i;
  }
}
