package dev.chainrule.train;

import java.util.Locale;

/** How an epoch is cut into batches (see {@link BatchPlan}). */
public enum Batching {
    /**
     * One batch of every record, one update per epoch: the seeds' full-batch gradient descent
     * (seed 000: accumulate the weight steps over all records, then update once, divided by the
     * record count).
     */
    FULL("full"),
    /** A fresh seeded permutation each epoch, cut into consecutive batches; every record once per epoch. */
    SHUFFLED("shuffled"),
    /**
     * {@code ceil(n / batch)} batches per epoch, each drawn uniformly <em>with replacement</em>
     * (seed 001's {@code np.random.choice(train_size, batch_size)}): some records are seen
     * twice in an epoch and some not at all.
     */
    SAMPLED_WITH_REPLACEMENT("sampled"),
    /** Consecutive batches in the data set's own order, every epoch the same (no shuffling). */
    ORDERED("ordered");

    private final String label;

    Batching(String label) {
        this.label = label;
    }

    /**
     * The command-line name: {@code full}, {@code shuffled}, {@code sampled}, {@code ordered}.
     *
     * @return the command-line name: {@code full}, {@code shuffled}, {@code sampled}, {@code ordered}
     */
    public String label() {
        return label;
    }

    /**
     * The batching for a command-line name ({@link #label()}, any case).
     *
     * @param name {@code full}, {@code shuffled}, {@code sampled} or {@code ordered}
     * @return the batching for a command-line name ({@link #label()}, any case)
     */
    public static Batching parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Batching b : values()) {
            if (b.label.equals(n)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown batching '" + name + "'; expected one of full, shuffled, sampled, ordered");
    }

    @Override
    public String toString() {
        return label;
    }
}
