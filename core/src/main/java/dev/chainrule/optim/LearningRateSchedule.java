package dev.chainrule.optim;

import java.util.Locale;

/**
 * The learning rate as a function of time: {@code rate(base, t, total)} for the 0-based time
 * {@code t} (epochs or steps, see {@link #unit()}) of a run lasting {@code total} of the same
 * units, given the optimizer's starting rate {@code base}. The trainer calls
 * {@link Optimizer#setLearningRate} with it before each epoch (or each step). Immutable.
 *
 * <p>The shapes (PyTorch's names in brackets):
 * <ul>
 *   <li>{@link #constant()}: {@code base}</li>
 *   <li>{@link #step(int, double)}: {@code base * gamma^floor(t / every)} ({@code StepLR})</li>
 *   <li>{@link #exponential(double)}: {@code base * gamma^t} ({@code ExponentialLR})</li>
 *   <li>{@link #cosine(double)}: {@code min + (base - min) * (1 + cos(pi * t / total)) / 2}
 *       ({@code CosineAnnealingLR} with {@code T_max = total}, one half-period over the run)</li>
 *   <li>{@link #warmup(int, LearningRateSchedule)}: {@code base * (t + 1) / length} for
 *       {@code t < length}, then the next schedule, started afresh at {@code t - length} over
 *       {@code total - length} (a linear warm-up that never takes a zero step, unlike
 *       {@code LinearLR(start_factor=0)})</li>
 * </ul>
 */
public interface LearningRateSchedule {

    /** What {@code t} counts. */
    enum Unit {
        /** One value per epoch, set before the epoch's first step. */
        EPOCH,
        /** One value per optimizer step (batch), counted over the whole run. */
        STEP
    }

    /**
     * The learning rate at time {@code t} in {@code [0, total)}; positive for a positive base.
     *
     * @param base the starting learning rate
     * @param t     epochs (or steps) done so far, from 0
     * @param total epochs (or steps) in the whole run
     * @return the learning rate at time {@code t} in {@code [0, total)}; positive for a positive base
     */
    double rate(double base, long t, long total);

    /**
     * Whether {@code t} counts epochs (the default) or steps.
     *
     * @return whether {@code t} counts epochs (the default) or steps
     */
    default Unit unit() {
        return Unit.EPOCH;
    }

    /**
     * The same schedule counted in optimizer steps instead of epochs.
     *
     * @return the same schedule counted in optimizer steps instead of epochs
     */
    default LearningRateSchedule perStep() {
        return unitOf(this, Unit.STEP);
    }

    /**
     * The same schedule counted in epochs.
     *
     * @return the same schedule counted in epochs
     */
    default LearningRateSchedule perEpoch() {
        return unitOf(this, Unit.EPOCH);
    }

    /**
     * This schedule after a linear warm-up of {@code length} units.
     *
     * @param length the number of values
     * @return the learning rate schedule
     */
    default LearningRateSchedule afterWarmup(int length) {
        return warmup(length, this);
    }

    /**
     * The base rate throughout.
     *
     * @return the constant schedule
     */
    static LearningRateSchedule constant() {
        return named("constant", (base, t, total) -> base);
    }

    /**
     * Multiplies the rate by {@code gamma} every {@code every} units.
     *
     * @param every report every this many epochs, at least 1
     * @param gamma the factor
     * @return the learning rate schedule
     */
    static LearningRateSchedule step(int every, double gamma) {
        if (every < 1) {
            throw new IllegalArgumentException("step schedule: the interval must be at least 1, got " + every);
        }
        checkGamma("step", gamma);
        return named("step:" + every + ":" + gamma, (base, t, total) -> base * Math.pow(gamma, t / every));
    }

    /**
     * Multiplies the rate by {@code gamma} every unit.
     *
     * @param gamma the factor
     * @return the learning rate schedule
     */
    static LearningRateSchedule exponential(double gamma) {
        checkGamma("exponential", gamma);
        return named("exp:" + gamma, (base, t, total) -> base * Math.pow(gamma, t));
    }

    /**
     * Cosine annealing from {@code base} towards 0 over the run.
     *
     * @return the learning rate schedule
     */
    static LearningRateSchedule cosine() {
        return cosine(0);
    }

    /**
     * Cosine annealing from {@code base} towards {@code minRate} over the run.
     *
     * @param minRate the smallest learning rate
     * @return the learning rate schedule
     */
    static LearningRateSchedule cosine(double minRate) {
        if (!(minRate >= 0) || Double.isInfinite(minRate)) {
            throw new IllegalArgumentException("cosine schedule: the minimum rate must be finite and >= 0, got " + minRate);
        }
        return named(minRate == 0 ? "cosine" : "cosine:" + minRate, (base, t, total) -> {
            double progress = total <= 0 ? 0 : Math.min(1.0, (double) t / total);
            double lo = Math.min(minRate, base);
            return lo + (base - lo) * (1 + Math.cos(Math.PI * progress)) / 2;
        });
    }

    /**
     * A linear warm-up over {@code length} units, then {@code after}.
     *
     * @param length the number of values
     * @param after the position after which
     * @return a linear warm-up over {@code length} units, then {@code after}
     */
    static LearningRateSchedule warmup(int length, LearningRateSchedule after) {
        if (length < 1) {
            throw new IllegalArgumentException("warm-up length must be at least 1, got " + length);
        }
        LearningRateSchedule next = after == null ? constant() : after;
        LearningRateSchedule body = (base, t, total) -> t < length
                ? base * (t + 1) / length
                : next.rate(base, t - length, Math.max(1, total - length));
        return unitOf(named("warmup:" + length + "+" + next, body), next.unit());
    }

    /**
     * Parses a command-line schedule: {@code constant}, {@code step:EVERY:GAMMA},
     * {@code exp:GAMMA}, {@code cosine} or {@code cosine:MIN}, and {@code warmup:N} alone or
     * followed by {@code +} and another schedule ({@code warmup:5+cosine}); an optional suffix
     * {@code @step} counts steps instead of epochs ({@code warmup:500+cosine@step}).
     *
     * @param text the schedule as written, e.g. {@code warmup:2+cosine}
     * @return the learning rate schedule
     */
    static LearningRateSchedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty learning-rate schedule; expected e.g. constant, step:10:0.5, exp:0.95, "
                    + "cosine, warmup:5+cosine");
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        Unit unit = Unit.EPOCH;
        if (s.endsWith("@step")) {
            unit = Unit.STEP;
            s = s.substring(0, s.length() - "@step".length());
        } else if (s.endsWith("@epoch")) {
            s = s.substring(0, s.length() - "@epoch".length());
        }
        try {
            LearningRateSchedule parsed = parseBody(s, text);
            return unit == Unit.STEP ? parsed.perStep() : parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("learning-rate schedule '" + text + "': bad number (" + e.getMessage()
                    + "); expected e.g. step:10:0.5, exp:0.95, cosine, warmup:5+cosine");
        } catch (IllegalArgumentException e) {
            if (e.getMessage().contains("'" + text + "'")) {
                throw e;
            }
            throw new IllegalArgumentException("learning-rate schedule '" + text + "': " + e.getMessage(), e);
        }
    }

    private static LearningRateSchedule parseBody(String s, String text) {
        if (s.startsWith("warmup:")) {
            int plus = s.indexOf('+');
            int length = Integer.parseInt(s.substring("warmup:".length(), plus < 0 ? s.length() : plus));
            return warmup(length, plus < 0 ? constant() : parseBody(s.substring(plus + 1), text));
        }
        String[] parts = s.split(":", -1);
        switch (parts[0]) {
            case "constant":
            case "none":
                if (parts.length == 1) {
                    return constant();
                }
                break;
            case "step":
                if (parts.length == 3) {
                    return step(Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
                }
                break;
            case "exp":
            case "exponential":
                if (parts.length == 2) {
                    return exponential(Double.parseDouble(parts[1]));
                }
                break;
            case "cosine":
                if (parts.length <= 2) {
                    return parts.length == 1 ? cosine() : cosine(Double.parseDouble(parts[1]));
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("unknown learning-rate schedule '" + text + "'; expected constant, "
                + "step:EVERY:GAMMA, exp:GAMMA, cosine[:MIN], warmup:N[+SCHEDULE], optionally ending in @step");
    }

    private static void checkGamma(String schedule, double gamma) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException(schedule + " schedule: gamma must be in (0, 1], got " + gamma);
        }
    }

    private static LearningRateSchedule named(String name, LearningRateSchedule body) {
        return new Named(name, body, Unit.EPOCH);
    }

    private static LearningRateSchedule unitOf(LearningRateSchedule s, Unit unit) {
        if (s.unit() == unit) {
            return s;
        }
        return new Named(s.toString(), s, unit);
    }

    /** A schedule with a readable name and a unit. */
    final class Named implements LearningRateSchedule {
        private final String name;
        private final LearningRateSchedule body;
        private final Unit unit;

        private Named(String name, LearningRateSchedule body, Unit unit) {
            this.name = name;
            this.body = body;
            this.unit = unit;
        }

        @Override
        public double rate(double base, long t, long total) {
            return body.rate(base, t, total);
        }

        @Override
        public Unit unit() {
            return unit;
        }

        @Override
        public String toString() {
            String n = name.endsWith("@step") ? name.substring(0, name.length() - 5) : name;
            return unit == Unit.STEP ? n + "@step" : n;
        }
    }
}
