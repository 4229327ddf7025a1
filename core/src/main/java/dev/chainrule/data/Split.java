package dev.chainrule.data;

import java.util.ArrayList;
import java.util.Arrays;
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
     */
    public static Split of(Dataset data, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in [0, 1), got " + fraction);
        }
        Random random = new Random(seed);
        List<Integer> held = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        List<List<Integer>> groups = new ArrayList<>();
        if (data.isClassification()) {
            int classes = Math.max(2, data.outputs());
            for (int c = 0; c < classes; c++) {
                groups.add(new ArrayList<>());
            }
            for (int r = 0; r < data.size(); r++) {
                groups.get(data.label(r)).add(r);
            }
        } else {
            List<Integer> all = new ArrayList<>();
            for (int r = 0; r < data.size(); r++) {
                all.add(r);
            }
            groups.add(all);
        }
        for (List<Integer> group : groups) {
            java.util.Collections.shuffle(group, random);
            int n = (int) Math.round(fraction * group.size());
            held.addAll(group.subList(0, n));
            kept.addAll(group.subList(n, group.size()));
        }
        int[] heldRows = held.stream().mapToInt(Integer::intValue).toArray();
        int[] keptRows = kept.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(heldRows);
        Arrays.sort(keptRows);
        return new Split(data.subset(data.name() + " (train)", keptRows), data.subset(data.name() + " (held out)", heldRows),
                keptRows, heldRows);
    }
}
