package dev.chainrule.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A training round's sum of the partitions' {@link PartialSums} through {@code treeAggregate},
 * added in a shape fixed by the partition indices, so that a run gives the same bits for any
 * partition count, however the tasks happen to finish.
 *
 * <p>Why the shape matters: a plain {@code treeAggregate} adds the partitions' results in the
 * order their tasks finish (on the driver, and in the shuffle of its extra level), and
 * floating-point addition is not associative: with three or more partitions two runs of the same
 * fit differed in the last bits. Here each task sums its partition's elements (one
 * {@link PartitionRows}) in their order, and {@code treeAggregate} carries {@link Blocks}: sums
 * of aligned runs of partitions. Block {@code (level, k)} holds partitions
 * {@code [k 2^level, (k + 1) 2^level)}; whenever both halves of a block are present, whichever
 * side of the tree they arrive on, they become the block, left half plus right half. Each
 * block's value is thus fixed by the indices alone. The driver adds the blocks that remain (one
 * per set bit of the partition count) left to right.
 *
 * <p>With two partitions that is {@code a + b}, what {@code treeAggregate} computed too.
 */
final class OrderedSum {
    private OrderedSum() {
    }

    /**
     * The sum of {@code work} over every element of {@code data}, partition by partition in
     * element order, the partitions added as a binary tree over their indices; see the class
     * comment.
     */
    static <T> PartialSums of(JavaRDD<T> data, Function<T, PartialSums> work) {
        JavaRDD<Block> perPartition = data.mapPartitionsWithIndex((i, it) -> partitionSum(i, it, work), true);
        return perPartition.treeAggregate(new Blocks(), Blocks::add, Blocks::addAll).total();
    }

    private static <T> Iterator<Block> partitionSum(int partition, Iterator<T> rows, Function<T, PartialSums> work)
            throws Exception {
        PartialSums sum = PartialSums.empty();
        while (rows.hasNext()) {
            sum.merge(work.call(rows.next()));
        }
        return List.of(new Block(0, partition, sum)).iterator();
    }

    /** The sum of partitions {@code [index 2^level, (index + 1) 2^level)}. */
    record Block(int level, int index, PartialSums sums) implements Serializable {
        private static final long serialVersionUID = 1L;

        long key() {
            return (long) level << 32 | index;
        }
    }

    /**
     * Disjoint blocks, each kept until its sibling arrives: then the two become their parent.
     * The result depends on which blocks were added, not on the order they were added in.
     */
    static final class Blocks implements Serializable {
        private static final long serialVersionUID = 1L;
        private final TreeMap<Long, Block> byKey = new TreeMap<>();

        /** Adds one block, joining it with its sibling (and so on up) where that is present. */
        Blocks add(Block block) {
            Block b = block;
            while (true) {
                Block sibling = byKey.remove(((long) b.level() << 32) | (b.index() ^ 1));
                if (sibling == null) {
                    byKey.put(b.key(), b);
                    return this;
                }
                Block left = (b.index() & 1) == 0 ? b : sibling;
                Block right = left == b ? sibling : b;
                // the halves are this aggregate's own: the left one takes the right one in place
                b = new Block(b.level() + 1, b.index() >> 1, left.sums().merge(right.sums()));
            }
        }

        /** Adds every block of {@code other}. */
        Blocks addAll(Blocks other) {
            for (Block b : other.byKey.values()) {
                add(b);
            }
            return this;
        }

        /** The blocks that remain, added left to right by the first partition each holds. */
        PartialSums total() {
            TreeMap<Long, Block> byStart = new TreeMap<>();
            for (Map.Entry<Long, Block> e : byKey.entrySet()) {
                Block b = e.getValue();
                byStart.put((long) b.index() << b.level(), b);
            }
            PartialSums total = PartialSums.empty();
            for (Block b : byStart.values()) {
                total.merge(b.sums());
            }
            return total;
        }
    }
}
