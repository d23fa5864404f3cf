package dev.tfvae.train.data;

import dev.tfvae.core.contract.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Opens the four IDX files of a folder (as {@link IdxDataset} names them) for streamed training. The
 * files must be uncompressed, since items are read by position. The split is {@link IdxDataset}'s: the
 * t10k files, or without them every tenth training example of {@link HoldOut}'s fixed shuffle. Labels
 * are checked against the images but not read: training does not use them.
 */
final class StreamedIdx {
  private StreamedIdx() {}

  static StreamedDataset open(String name, Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "IDX dataset folder not found");
    }
    List<ModelManifest.FileDigest> digests = new ArrayList<>();
    IdxReader.Header trainImages = header(dir, IdxDataset.TRAIN_IMAGES);
    List<Integer> shape =
        IdxDataset.imageShape(trainImages.file(), trainImages.type(), trainImages.dimensions());
    IdxReader.Header trainLabels = header(dir, IdxDataset.TRAIN_LABELS);
    IdxDataset.checkLabels(
        trainLabels.file(), trainLabels.type(), trainLabels.dimensions(), trainImages.file(),
        trainImages.count());
    digests.add(Dataset.digest(trainImages.file()));
    digests.add(Dataset.digest(trainLabels.file()));
    RowFile train = rows(trainImages);
    boolean testImages = IdxDataset.find(dir, IdxDataset.TEST_IMAGES) != null;
    boolean testLabels = IdxDataset.find(dir, IdxDataset.TEST_LABELS) != null;
    StreamedSplit trainSplit;
    StreamedSplit validationSplit;
    if (testImages && testLabels) {
      IdxReader.Header images = header(dir, IdxDataset.TEST_IMAGES);
      IdxReader.Header labels = header(dir, IdxDataset.TEST_LABELS);
      List<Integer> testShape = IdxDataset.imageShape(images.file(), images.type(), images.dimensions());
      if (!shape.equals(testShape)) {
        throw new InvalidDataException(
            images.file(), "images have shape " + testShape + " but the training images have " + shape);
      }
      IdxDataset.checkLabels(
          labels.file(), labels.type(), labels.dimensions(), images.file(), images.count());
      digests.add(Dataset.digest(images.file()));
      digests.add(Dataset.digest(labels.file()));
      trainSplit = StreamedSplit.of(train);
      validationSplit = StreamedSplit.of(rows(images));
    } else if (testImages || testLabels) {
      String missing = testImages ? IdxDataset.TEST_LABELS : IdxDataset.TEST_IMAGES;
      throw new NoSuchFileException(dir.resolve(missing).toString(), null, "missing IDX file (the"
          + " t10k images and labels come as a pair, or neither is given and a validation split is"
          + " held out of the training files)");
    } else {
      BitSet validation = HoldOut.validationRows(trainImages.count());
      BitSet training = (BitSet) validation.clone();
      training.flip(0, trainImages.count());
      trainSplit = StreamedSplit.of(train, training);
      validationSplit = StreamedSplit.of(train, validation);
    }
    return new StreamedDataset(
        name, shape, trainSplit, validationSplit, digests, Dataset.PIXELS,
        Dataset.Setup.labelled(LabelNames.ofIdx(name)), null);
  }

  private static IdxReader.Header header(Path dir, String base) throws IOException {
    Path file = IdxDataset.find(dir, base);
    if (file == null) {
      throw new NoSuchFileException(
          dir.resolve(base).toString(), null, "missing IDX file (looked for " + base + ")");
    }
    return IdxReader.header(file);
  }

  private static RowFile rows(IdxReader.Header images) {
    return new RowFile(
        images.file(), images.headerBytes(), images.itemSize(), RowFile.Encoding.PIXEL_BYTES,
        images.count());
  }
}
