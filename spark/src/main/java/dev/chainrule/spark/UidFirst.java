package dev.chainrule.spark;

/**
 * Hands an estimator's or model's uid to {@code uid()} while its Spark superclass is being
 * constructed. Spark's shared params (featuresCol, labelCol, ...) are created by the Scala
 * traits' initializers inside the superclass constructor, and each {@code Param} reads its
 * parent's uid when it is created; a Java field is assigned only after that constructor
 * returns, so the uid is parked here, per thread, for that moment:
 * <pre>{@code
 * public Model(String uid) { this(UidFirst.hold(uid)); }
 * private Model(UidFirst.Held held) { super(); this.uid = UidFirst.take(); ... }
 * public String uid() { return uid != null ? uid : UidFirst.pending(); }
 * }</pre>
 */
final class UidFirst {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    /** The token of a held uid: the argument of the private constructor that calls {@code super()}. */
    static final class Held {
        private Held() {
        }
    }

    private static final Held HELD = new Held();

    private UidFirst() {
    }

    /** Parks {@code uid} for this thread until {@link #take()}. */
    static Held hold(String uid) {
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("a uid must be a non-empty string");
        }
        PENDING.set(uid);
        return HELD;
    }

    /** The parked uid, read by {@code uid()} during the superclass constructor. */
    static String pending() {
        String uid = PENDING.get();
        if (uid == null) {
            throw new IllegalStateException("uid() was called during construction without a held uid");
        }
        return uid;
    }

    /** The parked uid, now un-parked: call once the superclass constructor has returned. */
    static String take() {
        String uid = pending();
        PENDING.remove();
        return uid;
    }
}
