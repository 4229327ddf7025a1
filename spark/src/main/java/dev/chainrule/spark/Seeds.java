package dev.chainrule.spark;

/**
 * Seeds derived from the run's seed, so that a distributed run is reproducible whatever executor
 * runs a task: a task's dropout masks come from a seed mixed from (seed, epoch, partition, first
 * batch of the task). The mixing is SplitMix64's finalizer applied in turn to each value.
 */
final class Seeds {
    private Seeds() {
    }

    /** The build seed of the network copy that partition {@code partition} uses from batch {@code batch} of epoch {@code epoch}. */
    static long of(long seed, int epoch, int partition, int batch) {
        long h = mix(seed);
        h = mix(h ^ epoch);
        h = mix(h ^ partition);
        return mix(h ^ batch);
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
