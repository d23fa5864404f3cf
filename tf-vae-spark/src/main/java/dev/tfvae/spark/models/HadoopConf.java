package dev.tfvae.spark.models;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop configuration, shipped to executors (Hadoop's {@link Configuration} is not
 * {@link Serializable}; it writes itself as a {@code Writable}), so that an executor reaches the model's
 * file system (HDFS, S3A, …) with the driver's settings and credentials providers.
 */
public final class HadoopConf implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient Configuration value;

  public HadoopConf(Configuration value) {
    this.value = new Configuration(value);
  }

  /** The configuration (shared: do not change it). */
  public Configuration value() {
    return value;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    value.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    value = new Configuration(false);
    value.readFields(in);
  }
}
