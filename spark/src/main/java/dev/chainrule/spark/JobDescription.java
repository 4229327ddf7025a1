package dev.chainrule.spark;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * Names the Spark jobs that {@code fit} starts, as the Spark UI and event log show them: the
 * reading of the rows ({@value #READING}), then each training round ({@value #TRAINING} and
 * where in the run it is). Closing it gives the calling thread back the description it had.
 */
final class JobDescription implements AutoCloseable {
    /** The description of the job that reads and checks the training rows. */
    static final String READING = "chainrule: reading and checking the training rows";
    /** How every training round's description starts. */
    static final String TRAINING = "chainrule training round";
    private static final String KEY = "spark.job.description";

    private final JavaSparkContext spark;
    private final String previous;

    JobDescription(JavaSparkContext spark) {
        this.spark = spark;
        this.previous = spark.getLocalProperty(KEY);
    }

    /** The description of the jobs this thread starts from now on. */
    void set(String description) {
        spark.setJobDescription(description);
    }

    /** Describes a training round: {@value #TRAINING} followed by {@code where}, e.g. {@code "epoch 2, batch 7 of 13"}. */
    void training(String where) {
        set(TRAINING + ": " + where);
    }

    @Override
    public void close() {
        spark.setLocalProperty(KEY, previous);
    }
}
