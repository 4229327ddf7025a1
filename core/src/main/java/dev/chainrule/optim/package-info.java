/**
 * Optimizers: the update rules that turn gradients into weight steps, each keeping its own
 * per-parameter state. Two general rules carry every formula once: {@link dev.chainrule.optim.Sgd}
 * (plain, momentum, Nesterov) and {@link dev.chainrule.optim.AdaptiveMoments} (with thin
 * constructors {@link dev.chainrule.optim.Adam}, {@link dev.chainrule.optim.AdamW},
 * {@link dev.chainrule.optim.RmsProp}); both extend {@link dev.chainrule.optim.StatefulOptimizer},
 * which applies the {@link dev.chainrule.optim.Regularization} (L2 penalty or decoupled weight
 * decay). Also here: {@link dev.chainrule.optim.LearningRateSchedule},
 * {@link dev.chainrule.optim.GradientClipping}, and {@link dev.chainrule.optim.Optimizers} (by name).
 */
package dev.chainrule.optim;
