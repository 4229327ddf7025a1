package dev.chainrule.spark;

import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.LoadedData;

/** The embedded 8x8 digits, cut small so that a Spark job per batch stays quick. */
final class Digits {
    private static LoadedData data;

    private Digits() {
    }

    static synchronized LoadedData all() {
        if (data == null) {
            data = DataSource.load("digits", DataOptions.defaults());
        }
        return data;
    }

    /** The first {@code n} training examples, in order. */
    static Dataset train(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return all().train().subset("digits-" + n, rows);
    }

    static Dataset test() {
        return all().test();
    }
}
