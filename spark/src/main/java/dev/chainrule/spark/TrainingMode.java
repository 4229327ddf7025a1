package dev.chainrule.spark;

import java.util.List;
import java.util.Locale;

/**
 * How the partitions share the training.
 *
 * <ul>
 *   <li>{@link #SYNCHRONOUS}: every global mini-batch is split across the partitions (each takes
 *       the batch's rows it holds), each partition computes the gradient sum of its rows, the
 *       sums are added by treeAggregate in a tree fixed by the partition indices ({@link OrderedSum}), and the driver takes the optimizer step, with
 *       the optimizer's state kept on the driver. The driver broadcasts the new weights for the
 *       next batch. With the same batches this is single-machine training, up to the rounding of
 *       the summation order.</li>
 *   <li>{@link #AVERAGING}: each partition takes {@code localSteps} (K) optimizer steps on its
 *       share of K consecutive global batches, with its own copy of the optimizer; then the
 *       parameters and the optimizer state are averaged, weighted by the examples each partition
 *       used (Deeplearning4j's parameter averaging). With K = 1 and plain SGD this is
 *       {@link #SYNCHRONOUS}. One Spark job per K batches instead of one per batch.</li>
 * </ul>
 */
public enum TrainingMode {
    SYNCHRONOUS,
    AVERAGING;

    /** The Param values, as {@code mode} takes them. */
    public static final List<String> NAMES = List.of("synchronous", "averaging");

    /** The Param value: {@code synchronous} or {@code averaging}. */
    public String paramValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code value}, as the {@code mode} Param takes it. */
    public static TrainingMode of(String value) {
        for (TrainingMode m : values()) {
            if (m.paramValue().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown training mode '" + value + "'; expected synchronous or averaging");
    }
}
