package dev.chainrule.train;

/** How an epoch is cut into batches. */
public enum Batching {
    /**
     * One batch of every record, one update per epoch: the seeds' full-batch gradient descent
     * (seed 000: accumulate the weight steps over all records, then update once, divided by the
     * record count).
     */
    FULL,
    /** A fresh seeded permutation each epoch, cut into consecutive batches; every record once per epoch. */
    SHUFFLED,
    /**
     * {@code ceil(n / batch)} batches per epoch, each drawn uniformly <em>with replacement</em>
     * (seed 001's {@code np.random.choice(train_size, batch_size)}): some records are seen
     * twice in an epoch and some not at all.
     */
    SAMPLED_WITH_REPLACEMENT
}
