package dev.chainrule.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * A training round's sum of the partitions' {@link PartialSums}, added in an order fixed by the
 * partition indices, so that a run gives the same bits for any partition count, however the
 * tasks happen to finish.
 *
 * <p>Why not {@code treeAggregate}: it adds the partitions' results in the order their tasks
 * finish (on the driver, and in the shuffle of its extra level), and floating-point addition is
 * not associative: with three or more partitions two runs of the same fit differed in the last
 * bits. Here the shape of the sum is that of a {@code treeAggregate} of depth 2, with the order
 * fixed:
 * <ul>
 *   <li>each task sums its partition's elements (one {@link PartitionRows}) in their order;</li>
 *   <li>up to {@code s + ceil(n / s)} partitions ({@code n} partitions, {@code s = max(2,
 *       ceil(sqrt n))}: where {@code treeAggregate} adds no level either) the driver collects the
 *       {@code n} sums, which arrive in partition order, and adds them in that order;</li>
 *   <li>beyond, one shuffle groups partitions {@code [g s, (g + 1) s)} into group {@code g}, each
 *       group adds its sums in partition order, and the driver adds the {@code ceil(n / s)}
 *       groups' sums in group order.</li>
 * </ul>
 * Each sum starts from zero and adds left to right: with two partitions that is
 * {@code (0 + a) + b}, what {@code treeAggregate} computed too (addition of two is commutative).
 */
final class OrderedSum {
    private OrderedSum() {
    }

    /** One partition's (or one group's) sum with the index it is ordered by. */
    record Indexed(int index, PartialSums sums) implements Serializable {
    }

    /**
     * The sum of {@code work} over every element of {@code data}, in the order of partitions and
     * of elements within each; see the class comment.
     */
    static <T> PartialSums of(JavaRDD<T> data, Function<T, PartialSums> work) {
        int n = data.getNumPartitions();
        JavaRDD<Indexed> perPartition = data.mapPartitionsWithIndex((i, it) -> partitionSum(i, it, work), true);
        int scale = Math.max(2, (int) Math.ceil(Math.sqrt(n)));
        int groups = (n + scale - 1) / scale;
        if (n <= scale + groups) {
            return inOrder(perPartition.collect());
        }
        List<Indexed> groupSums = perPartition
                .mapToPair(s -> new Tuple2<>(s.index() / scale, s))
                .groupByKey(groups)
                .map(g -> new Indexed(g._1(), inOrder(g._2())))
                .collect();
        return inOrder(groupSums);
    }

    private static <T> Iterator<Indexed> partitionSum(int partition, Iterator<T> rows, Function<T, PartialSums> work)
            throws Exception {
        PartialSums sum = PartialSums.empty();
        while (rows.hasNext()) {
            sum.merge(work.call(rows.next()));
        }
        return List.of(new Indexed(partition, sum)).iterator();
    }

    /** {@code 0 + s_0 + s_1 + ...}, left to right in index order, whatever order {@code sums} come in. */
    static PartialSums inOrder(Iterable<Indexed> sums) {
        List<Indexed> sorted = new ArrayList<>();
        sums.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(Indexed::index));
        PartialSums total = PartialSums.empty();
        for (Indexed s : sorted) {
            total.merge(s.sums());
        }
        return total;
    }
}
