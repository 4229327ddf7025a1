package dev.chainrule.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A seeded split of a data set into a training part and a held-out part.
 *
 * @param train    the training part
 * @param heldOut  the held-out part (test or validation)
 * @param trainRows row indices of the training part in the original data set
 * @param heldOutRows row indices of the held-out part in the original data set
 */
public record Split(Dataset train, Dataset heldOut, int[] trainRows, int[] heldOutRows) {

    /**
     * Holds out {@code fraction} of the rows, chosen by a seeded shuffle. For classification the
     * split is stratified: each class gives {@code round(fraction * classCount)} rows, so the
     * class proportions of both parts match the whole.
     *
     * @param fraction in {@code [0, 1)}
     * @param data the examples to split
     * @param seed seed of the random source (the same seed gives the same result)
     * @return the split
     */
    public static Split of(Dataset data, double fraction, long seed) {
        int[] labels = new int[data.size()];
        int classes = 1;
        if (data.isClassification()) {
            classes = Math.max(2, data.outputs());
            for (int r = 0; r < data.size(); r++) {
                labels[r] = data.label(r);
            }
        }
        Rows rows = rows(labels, classes, fraction, seed);
        return new Split(data.subset(data.name() + " (train)", rows.train()),
                data.subset(data.name() + " (held out)", rows.heldOut()), rows.train(), rows.heldOut());
    }

    /**
     * The row indices of a seeded stratified split, before any data set exists (a CSV file is
     * split first, then its preprocessing is fitted on the training rows). Rows are grouped by
     * label; each group, shuffled by one {@link Random} seeded with {@code seed} (groups in label
     * order), gives its first {@code round(fraction * groupSize)} rows to the held-out part. Give
     * every row label 0 and {@code classes} 1 for an unstratified split (regression). Both index
     * arrays come back sorted.
     *
     * @param labels   class index of each row, in {@code [0, classes)}
     * @param fraction in {@code [0, 1)}
     * @param classes the number of classes
     * @param seed seed of the random source (the same seed gives the same result)
     * @return the row indices of a seeded stratified split, before any data set exists (a CSV file is split first, then
     *         its preprocessing is fitted on the training rows)
     */
    public static Rows rows(int[] labels, int classes, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in [0, 1), got " + fraction);
        }
        Random random = new Random(seed);
        List<List<Integer>> groups = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            groups.add(new ArrayList<>());
        }
        for (int r = 0; r < labels.length; r++) {
            groups.get(labels[r]).add(r);
        }
        List<Integer> held = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (List<Integer> group : groups) {
            Collections.shuffle(group, random);
            int n = (int) Math.round(fraction * group.size());
            held.addAll(group.subList(0, n));
            kept.addAll(group.subList(n, group.size()));
        }
        int[] heldRows = held.stream().mapToInt(Integer::intValue).toArray();
        int[] keptRows = kept.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(heldRows);
        Arrays.sort(keptRows);
        return new Rows(keptRows, heldRows);
    }

    /**
     * Row indices of the two parts of a split.
     *
     * @param train   rows of the training part, ascending
     * @param heldOut rows of the held-out part, ascending
     */
    public record Rows(int[] train, int[] heldOut) {
    }
}
