package dev.tfvae.spark;

import dev.tfvae.infer.Analysis;
import dev.tfvae.infer.VaeModel;
import dev.tfvae.spark.models.ExecutorModels;
import dev.tfvae.spark.models.HadoopConf;
import dev.tfvae.spark.models.ResolvedModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Scores one partition on an executor: leases the JVM's model of the resolved version, reads the rows'
 * inputs, runs them through {@link VaeModel#analyze} in batches (the encoder once per row, whatever the
 * outputs) and {@link VaeModel#importanceScores} when {@code iwae_nll} is asked for, and appends the
 * outputs to each row. Rows come out in the order they came in. Bad rows fail the task, are left out, or
 * are kept with null outputs and the problem in the error column, as {@link HandleInvalid} says.
 */
final class PartitionScorer implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;

  /** What the scorer needs to know, fixed on the driver. */
  record Plan(
      ResolvedModel model,
      InputColumn input,
      List<VaeOutput> outputs,
      HandleInvalid handleInvalid,
      int batchSize,
      int threads,
      int iwaeSamples,
      long seed,
      int[] identifyingOrdinals,
      String[] identifyingNames,
      DataType[] identifyingTypes)
      implements java.io.Serializable {}

  private final Plan plan;
  private final Broadcast<HadoopConf> conf;

  PartitionScorer(Plan plan, Broadcast<HadoopConf> conf) {
    this.plan = plan;
    this.conf = conf;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) throws Exception {
    TaskContext task = TaskContext.get();
    SparkEnv env = SparkEnv.get();
    int lanes = ExecutorCores.lanes(env == null ? null : env.conf(), plan.threads());
    ExecutorModels.Lease lease = ExecutorModels.lease(plan.model(), lanes, conf.value().value());
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> lease.close());
    }
    return new Batches(rows, lease.model(), task == null ? -1 : task.partitionId());
  }

  /** The output rows of a partition, computed one batch at a time as they are asked for. */
  private final class Batches implements Iterator<InternalRow> {
    private final Iterator<InternalRow> rows;
    private final VaeModel model;
    private final int partition;
    private final Set<Analysis.Part> parts;
    private final boolean iwae;
    private final int width;
    private final ArrayDeque<InternalRow> ready = new ArrayDeque<>();
    private long position = -1;

    Batches(Iterator<InternalRow> rows, VaeModel model, int partition) {
      this.rows = rows;
      this.model = model;
      this.partition = partition;
      this.parts = VaeOutput.analysisParts(plan.outputs());
      this.iwae = plan.outputs().contains(VaeOutput.IWAE_NLL);
      this.width = plan.outputs().size() + (plan.handleInvalid() == HandleInvalid.KEEP ? 1 : 0);
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && rows.hasNext()) {
        nextBatch();
      }
      return !ready.isEmpty();
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    private void nextBatch() {
      List<InternalRow> batch = new ArrayList<>(plan.batchSize());
      List<String> problems = new ArrayList<>(plan.batchSize());
      List<float[]> xs = new ArrayList<>(plan.batchSize());
      while (batch.size() < plan.batchSize() && rows.hasNext()) {
        // Rows from Spark may be reused by the next call; the batch keeps copies.
        InternalRow row = rows.next().copy();
        position++;
        try {
          xs.add(plan.input().read(row, plan.model()));
          problems.add(null);
        } catch (InputColumn.BadRow bad) {
          switch (plan.handleInvalid()) {
            case ERROR -> throw new InvalidRowException(where(row) + ": " + plan.input().describe() + " "
                + bad.getMessage() + " (handleInvalid \"skip\" or \"keep\" goes on past bad rows)");
            case SKIP -> {
              continue;
            }
            case KEEP -> problems.add(plan.input().describe() + " " + bad.getMessage());
          }
        }
        batch.add(row);
      }
      float[][] inputs = xs.toArray(new float[0][]);
      List<Analysis> analyses = inputs.length == 0 || parts.isEmpty() ? null : model.analyze(inputs, parts);
      double[] bounds = inputs.length == 0 || !iwae
          ? null : model.importanceScores(inputs, plan.iwaeSamples(), plan.seed());
      int k = 0;
      for (int i = 0; i < batch.size(); i++) {
        Object[] values = new Object[width];
        if (problems.get(i) == null) {
          fill(values, analyses == null ? null : analyses.get(k), bounds == null ? 0 : bounds[k]);
          k++;
        } else {
          values[width - 1] = UTF8String.fromString(problems.get(i));
        }
        ready.add(new JoinedRow(batch.get(i), new GenericInternalRow(values)));
      }
    }

    private void fill(Object[] values, Analysis a, double bound) {
      for (int j = 0; j < plan.outputs().size(); j++) {
        values[j] = switch (plan.outputs().get(j)) {
          case EMBEDDING -> UnsafeArrayData.fromPrimitiveArray(a.mean());
          case LOG_VARIANCE -> UnsafeArrayData.fromPrimitiveArray(a.logVariance());
          case NEG_ELBO -> a.score().negElbo();
          case RECONSTRUCTION_LOSS -> a.score().reconstructionLoss();
          case KL -> a.score().kl();
          case RECONSTRUCTION -> UnsafeArrayData.fromPrimitiveArray(a.reconstruction());
          case IWAE_NLL -> bound;
        };
      }
    }

    /** "row 17 of partition 3 (id=42)": the row's place, and its identifying columns' values. */
    private String where(InternalRow row) {
      StringBuilder s = new StringBuilder("row ").append(position).append(" of partition ").append(partition);
      int[] ordinals = plan.identifyingOrdinals();
      for (int i = 0; i < ordinals.length; i++) {
        s.append(i == 0 ? " (" : ", ").append(plan.identifyingNames()[i]).append('=')
            .append(row.isNullAt(ordinals[i]) ? "null" : row.get(ordinals[i], plan.identifyingTypes()[i]));
        if (i == ordinals.length - 1) {
          s.append(')');
        }
      }
      return s.toString();
    }
  }
}
