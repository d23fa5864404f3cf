package dev.tfvae.spark;

import dev.tfvae.infer.Analysis;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The columns {@link VaeTransformer} can add, each named by {@link #columnName()}. */
public enum VaeOutput {
  /** μ, the embedding: {@code array<float>} of length L. */
  EMBEDDING("embedding", DataTypes.createArrayType(DataTypes.FloatType, false)),
  /** log σ² of the encoder: {@code array<float>} of length L (VAEs only). */
  LOG_VARIANCE("log_variance", DataTypes.createArrayType(DataTypes.FloatType, false)),
  /** Reconstruction loss + KL, in nats ({@code double}): the anomaly score. */
  NEG_ELBO("neg_elbo", DataTypes.DoubleType),
  /** −log p(x | z = μ), in nats ({@code double}). */
  RECONSTRUCTION_LOSS("reconstruction_loss", DataTypes.DoubleType),
  /** KL(q(z|x) ‖ N(0, I)), in nats ({@code double}); 0 for a plain autoencoder. */
  KL("kl", DataTypes.DoubleType),
  /** The reconstruction decoded from z = μ: {@code array<float>}, one value per input value. */
  RECONSTRUCTION("reconstruction", DataTypes.createArrayType(DataTypes.FloatType, false)),
  /** The importance-weighted bound on −log p(x) with K samples, in nats ({@code double}; VAEs only). */
  IWAE_NLL("iwae_nll", DataTypes.DoubleType);

  private final String columnName;
  private final DataType dataType;

  VaeOutput(String columnName, DataType dataType) {
    this.columnName = columnName;
    this.dataType = dataType;
  }

  /** The column's name, e.g. {@code neg_elbo}. */
  public String columnName() {
    return columnName;
  }

  /** The column's type. */
  public DataType dataType() {
    return dataType;
  }

  /** The output called {@code name}; the error lists the names there are. */
  public static VaeOutput ofName(String name) {
    for (VaeOutput o : values()) {
      if (o.columnName.equals(name)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown output \"" + name + "\"; the outputs are "
        + Arrays.stream(values()).map(VaeOutput::columnName).collect(Collectors.joining(", ")));
  }

  /** The parts of {@link dev.tfvae.infer.VaeModel#analyze} that {@code outputs} need ({@code iwae_nll} needs none). */
  public static Set<Analysis.Part> analysisParts(Collection<VaeOutput> outputs) {
    Set<Analysis.Part> parts = EnumSet.noneOf(Analysis.Part.class);
    for (VaeOutput o : outputs) {
      switch (o) {
        case EMBEDDING -> parts.add(Analysis.Part.MEAN);
        case LOG_VARIANCE -> parts.add(Analysis.Part.LOG_VARIANCE);
        case NEG_ELBO, RECONSTRUCTION_LOSS, KL -> parts.add(Analysis.Part.SCORE);
        case RECONSTRUCTION -> parts.add(Analysis.Part.RECONSTRUCTION);
        case IWAE_NLL -> { }
      }
    }
    return parts;
  }
}
