package dev.chainrule.train;

import dev.chainrule.optim.LearningRateSchedule;

/**
 * Sets the optimizer's learning rate from a {@link LearningRateSchedule}: before each epoch to
 * {@code rate(base, epoch - 1, epochs)}, or, for a schedule counted in steps, before each batch
 * to {@code rate(base, step, epochs * batchesPerEpoch)}, where {@code base} is
 * {@link TrainingRun#baseLearningRate()} (the optimizer's rate when the run began).
 */
public final class LearningRateScheduler implements Callback {
    private final LearningRateSchedule schedule;
    private final boolean perStep;

    /**
     * Sets the learning rate as {@code schedule} says, before each epoch or step.
     *
     * @param schedule the learning-rate schedule
     */
    public LearningRateScheduler(LearningRateSchedule schedule) {
        this.schedule = java.util.Objects.requireNonNull(schedule, "schedule");
        this.perStep = schedule.unit() == LearningRateSchedule.Unit.STEP;
    }

    @Override
    public void onEpochStart(TrainingRun run) {
        if (!perStep) {
            run.optimizer().setLearningRate(schedule.rate(run.baseLearningRate(), run.epoch() - 1, run.epochs()));
        }
    }

    @Override
    public void onBatchStart(TrainingRun run) {
        if (perStep) {
            long total = (long) run.epochs() * run.batchesPerEpoch();
            run.optimizer().setLearningRate(schedule.rate(run.baseLearningRate(), run.step(), total));
        }
    }
}
