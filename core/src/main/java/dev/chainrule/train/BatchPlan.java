package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;

import java.util.NoSuchElementException;
import java.util.Random;

/**
 * The batches of every epoch of a training set: which rows, in what order, gathered into buffers
 * allocated once per batch shape (the data set is never copied; only row indices move). One
 * plan per {@link Batching}:
 * <ul>
 *   <li>{@link Batching#FULL}: one batch of every row, the data set's own tensors;</li>
 *   <li>{@link Batching#SHUFFLED}: the row order permuted by a Fisher-Yates shuffle at the start
 *       of each epoch (the permutation of the epoch before, shuffled again), cut into consecutive
 *       batches; after each batch is gathered, the next one's rows are touched so that memory is
 *       already fetching them;</li>
 *   <li>{@link Batching#SAMPLED_WITH_REPLACEMENT}: {@code ceil(n / batch)} batches per epoch of
 *       {@code batch} rows each drawn uniformly;</li>
 *   <li>{@link Batching#ORDERED}: consecutive batches in the data set's order, every epoch.</li>
 * </ul>
 * Every draw comes from one {@link Random} seeded with {@code seed}, in epoch order, so the
 * batches of epoch {@code e} are a function of {@code (seed, e)}: {@link #seek} to any epoch and
 * batch replays the draws of the epochs before it (a shuffle or {@code n} draws per epoch) and
 * gives the batches an uninterrupted run would have given from there, bit for bit.
 *
 * <p>Use: {@link #startEpoch}, then {@link #next} while {@link #hasNext}. Epochs count from 1,
 * batches within an epoch from 0 ({@link #position()} batches handed out so far). Not
 * thread-safe; a {@link Batch} handed out is a reused buffer.
 */
public final class BatchPlan {
    private final Batching batching;
    private final Dataset data;
    private final Kernels kernels;
    private final int batchSize;
    private final int batches;
    private final long seed;
    /** The row order of the current epoch (shuffled and ordered plans). */
    private final int[] order;
    /** The rows of the current batch (sampled plans). */
    private final int[] sample;
    private final Batch full;
    private final Batch tail;
    private Random random;
    /** The epoch laid out, 0 before the first. */
    private int epoch;
    /** Batches of that epoch handed out. */
    private int position;
    /** Where {@link Kernels#touchRows}'s result goes, so that its reads stay. */
    @SuppressWarnings("unused")
    private volatile int prefetchSink;

    private BatchPlan(Batching batching, Dataset data, int batchSize, long seed, Kernels kernels) {
        int n = data.size();
        if (n == 0) {
            throw new IllegalArgumentException("the data set " + data.name() + " has no examples to cut into batches");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.batching = batching;
        this.data = data;
        this.kernels = java.util.Objects.requireNonNull(kernels, "kernels");
        this.batchSize = batching == Batching.FULL ? n : Math.min(batchSize, n);
        this.batches = batching == Batching.FULL ? 1 : (n + this.batchSize - 1) / this.batchSize;
        this.seed = seed;
        this.order = new int[n];
        this.sample = batching == Batching.SAMPLED_WITH_REPLACEMENT ? new int[this.batchSize] : null;
        if (batching == Batching.FULL) {
            this.full = new Batch(data.features(), data.targets());
            this.tail = full;
        } else {
            this.full = buffers(this.batchSize);
            this.tail = batching == Batching.SAMPLED_WITH_REPLACEMENT || n % this.batchSize == 0
                    ? full : buffers(n % this.batchSize);
        }
        restart();
    }

    /**
     * The plan for {@code data}: batches of {@code batchSize} rows (the last one of an epoch
     * smaller when the rows do not divide evenly; {@code batchSize} is ignored by
     * {@link Batching#FULL} and capped at the number of rows), drawn from {@code seed}.
     *
     * @param batching how epochs are cut into batches
     * @param data the examples
     * @param batchSize examples per batch, at least 1
     * @param seed seed of the random source (the same seed gives the same result)
     * @return the plan for {@code data}: batches of {@code batchSize} rows (the last one of an epoch smaller when the
     *         rows do not divide evenly; {@code batchSize} is ignored by {@link Batching#FULL} and capped at the number
     *         of rows), drawn from {@code seed}
     */
    public static BatchPlan of(Batching batching, Dataset data, int batchSize, long seed) {
        return of(batching, data, batchSize, seed, Kernels.active());
    }

    /**
     * As {@link #of(Batching, Dataset, int, long)}, gathering rows with {@code kernels} (the model's).
     *
     * @param batching how epochs are cut into batches
     * @param data the examples
     * @param batchSize examples per batch, at least 1
     * @param seed seed of the random source (the same seed gives the same result)
     * @param kernels the kernels
     * @return the batch plan
     */
    public static BatchPlan of(Batching batching, Dataset data, int batchSize, long seed, Kernels kernels) {
        return new BatchPlan(java.util.Objects.requireNonNull(batching, "batching"), data, batchSize, seed, kernels);
    }

    /**
     * @return how epochs are cut into batches
     */
    public Batching batching() {
        return batching;
    }

    /**
     * Rows of a full batch.
     *
     * @return rows of a full batch
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * @return the number of batches in an epoch
     */
    public int batchesPerEpoch() {
        return batches;
    }

    /**
     * Rows an epoch hands out: the data set's size, or {@code batches * batchSize} when sampled.
     *
     * @return rows an epoch hands out: the data set's size, or {@code batches * batchSize} when sampled
     */
    public long rowsPerEpoch() {
        return batching == Batching.SAMPLED_WITH_REPLACEMENT ? (long) batches * batchSize : data.size();
    }

    /**
     * @return the examples batches are drawn from
     */
    public Dataset data() {
        return data;
    }

    /**
     * The epoch laid out (1-based), 0 before the first.
     *
     * @return the epoch laid out (1-based), 0 before the first
     */
    public int epoch() {
        return epoch;
    }

    /**
     * Batches of the current epoch handed out so far.
     *
     * @return the position
     */
    public int position() {
        return position;
    }

    /**
     * Lays out epoch {@code epoch} and positions at its first batch: {@code seek(epoch, 0)}.
     *
     * @param epoch the 1-based epoch
     */
    public void startEpoch(int epoch) {
        seek(epoch, 0);
    }

    /**
     * Positions before batch {@code batch} (0-based) of epoch {@code epoch} (1-based), with the
     * row order an uninterrupted run from the first epoch has there. The next epoch in turn
     * costs one shuffle; any other position replays the seeded draws from the start.
     *
     * @param epoch the 1-based epoch
     * @param batch batches of that epoch already done
     */
    public void seek(int epoch, int batch) {
        if (epoch < 1 || batch < 0 || batch >= batches) {
            throw new IllegalArgumentException("no batch " + batch + " of epoch " + epoch + ": epochs count from 1,"
                    + " batches from 0 to " + (batches - 1));
        }
        boolean sampled = batching == Batching.SAMPLED_WITH_REPLACEMENT;
        if (epoch == this.epoch && batch == position) {
            return;
        }
        if (epoch == this.epoch && !sampled) {
            position = batch;
            return;
        }
        if (epoch != this.epoch + 1 || batch != 0 || (sampled && this.epoch > 0 && position != batches)) {
            restart();
            for (int e = 1; e < epoch; e++) {
                layOut();
                skipDraws(batches);
            }
        }
        layOut();
        skipDraws(batch);
        this.epoch = epoch;
        this.position = batch;
    }

    /**
     * True while the current epoch has batches left.
     *
     * @return true while the current epoch has batches left
     */
    public boolean hasNext() {
        return epoch > 0 && position < batches;
    }

    /**
     * The next batch of the current epoch: gathered into a buffer of the plan (reused by the next batch of its size).
     *
     * @return the next batch of the current epoch: gathered into a buffer of the plan (reused by the next batch of its
     *         size)
     */
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException(epoch == 0 ? "no epoch started: call startEpoch first"
                    : "epoch " + epoch + " has only " + batches + " batches");
        }
        int b = position++;
        switch (batching) {
            case FULL:
                return full;
            case SAMPLED_WITH_REPLACEMENT:
                draw(sample);
                gather(sample, 0, batchSize, full);
                return full;
            default:
                int n = data.size();
                int from = b * batchSize;
                int to = Math.min(from + batchSize, n);
                Batch batch = to - from == batchSize ? full : tail;
                gather(order, from, to, batch);
                if (batching == Batching.SHUFFLED && to < n) {
                    prefetchSink = kernels.touchRows(data.features(), order, to, Math.min(to + batchSize, n));
                }
                return batch;
        }
    }

    private void gather(int[] rows, int from, int to, Batch into) {
        kernels.gatherRows(data.features(), rows, from, to, into.features());
        kernels.gatherRows(data.targets(), rows, from, to, into.targets());
    }

    /** Back to before the first epoch: the identity order, a fresh seeded source. */
    private void restart() {
        random = new Random(seed);
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        epoch = 0;
        position = 0;
    }

    /** The draws made when an epoch starts: a shuffle of the order, for a shuffled plan. */
    private void layOut() {
        if (batching == Batching.SHUFFLED) {
            for (int i = order.length - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
        }
    }

    /** The draws of {@code count} sampled batches, skipped. */
    private void skipDraws(int count) {
        if (batching == Batching.SAMPLED_WITH_REPLACEMENT) {
            for (int b = 0; b < count; b++) {
                draw(sample);
            }
        }
    }

    private void draw(int[] rows) {
        int n = data.size();
        for (int i = 0; i < rows.length; i++) {
            rows[i] = random.nextInt(n);
        }
    }

    private Batch buffers(int rows) {
        Tensor x = Tensor.zeros(data.features().dtype(), rows, data.exampleShape());
        Tensor t = Tensor.zeros(data.targets().dtype(), rows, data.outputs());
        return new Batch(x, t);
    }
}
