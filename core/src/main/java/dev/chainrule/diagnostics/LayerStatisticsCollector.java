package dev.chainrule.diagnostics;

import dev.chainrule.layer.Layer;
import dev.chainrule.layer.Parameter;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.Callback;
import dev.chainrule.train.Resumable;
import dev.chainrule.train.TrainingRun;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures {@link LayerStatistics} for every layer in every epoch of a training run: a
 * {@link Callback}, added with {@link dev.chainrule.train.Trainer#addCallback}. Without it,
 * training does none of this work.
 *
 * <p>It watches up to {@code sampledSteps} steps per epoch, spread evenly over the epoch's
 * batches. At such a step, after the backward pass ({@link Callback#afterBackward}), it reads
 * each layer's output for the batch ({@link Layer#lastOutput()}, training mode: dropout on) and
 * each parameter's gradient, and copies the weights; after the optimizer's step
 * ({@link Callback#onBatchEnd}) it compares the weights with the copy. The epoch's figures pool
 * the watched steps. Reading a gradient computes one that a layer left as a product (one extra
 * product per layer at a watched step); the model's weights, buffers and random sources are
 * only read, so a run with the collector gives the same weights, bit for bit, as one without.
 *
 * <p>It is {@link Resumable}: a checkpoint keeps the finished epochs' statistics and the figures
 * of the epoch in progress, so a resumed run has the statistics of the uninterrupted one.
 */
public final class LayerStatisticsCollector implements Callback, Resumable {
    /** Steps per epoch watched, by default. */
    public static final int DEFAULT_SAMPLED_STEPS = 10;

    private final int sampledSteps;
    private final List<LayerStatistics> statistics = new ArrayList<>();

    private List<Layer> layers;
    private List<Parameter> parameters;
    /** For each parameter (in the model's order), the index of its layer. */
    private int[] layerOfParameter;
    private boolean[] sampled;
    private Tensor[] before;
    private boolean watching;
    private Moments[] outputs;
    private Moments[] gradients;
    private boolean[][] fired;
    private long[] saturated;
    private double[] ratioLogSum;
    private int[] ratioCount;

    /** A collector that watches {@value #DEFAULT_SAMPLED_STEPS} steps per epoch. */
    public LayerStatisticsCollector() {
        this(DEFAULT_SAMPLED_STEPS);
    }

    /** @param sampledSteps steps per epoch to watch (all of them when an epoch has fewer), at least 1 */
    public LayerStatisticsCollector(int sampledSteps) {
        if (sampledSteps < 1) {
            throw new IllegalArgumentException("at least 1 step per epoch must be watched, got " + sampledSteps);
        }
        this.sampledSteps = sampledSteps;
    }

    /**
     * The statistics so far: for each finished epoch, one entry per layer, in layer order.
     *
     * @return the statistics so far: for each finished epoch, one entry per layer, in layer order
     */
    public List<LayerStatistics> statistics() {
        return Collections.unmodifiableList(statistics);
    }

    @Override
    public void onTrainStart(TrainingRun run) {
        layers = run.layers();
        parameters = run.parameters();
        layerOfParameter = new int[parameters.size()];
        int p = 0;
        for (int i = 0; i < layers.size(); i++) {
            for (int k = 0; k < layers.get(i).parameters().size(); k++) {
                layerOfParameter[p++] = i;
            }
        }
        int batches = run.batchesPerEpoch();
        sampled = new boolean[batches + 1];
        int steps = Math.min(sampledSteps, batches);
        for (int k = 0; k < steps; k++) {
            sampled[1 + (int) ((long) k * batches / steps)] = true;
        }
        before = new Tensor[parameters.size()];
        for (int i = 0; i < before.length; i++) {
            before[i] = parameters.get(i).value().copy();
        }
        outputs = new Moments[layers.size()];
        gradients = new Moments[layers.size()];
        fired = new boolean[layers.size()][];
        saturated = new long[layers.size()];
        ratioLogSum = new double[layers.size()];
        ratioCount = new int[layers.size()];
    }

    @Override
    public void onEpochStart(TrainingRun run) {
        if (run.batch() > 0) {
            return; // resumed inside this epoch: its figures so far are the restored ones
        }
        for (int i = 0; i < layers.size(); i++) {
            outputs[i] = new Moments();
            gradients[i] = layers.get(i).parameters().isEmpty() ? null : new Moments();
            fired[i] = null;
        }
        Arrays.fill(saturated, 0);
        Arrays.fill(ratioLogSum, 0);
        Arrays.fill(ratioCount, 0);
    }

    @Override
    public void afterBackward(TrainingRun run) {
        watching = run.batch() < sampled.length && sampled[run.batch()];
        if (!watching) {
            return;
        }
        for (int i = 0; i < layers.size(); i++) {
            Tensor out = layers.get(i).lastOutput();
            if (out == null) {
                continue;
            }
            outputs[i].add(out);
            String type = layers.get(i).type();
            if (type.equals("relu")) {
                recordFiring(i, out);
            } else if (type.equals("sigmoid") || type.equals("tanh")) {
                saturated[i] += countSaturated(type, out);
            }
        }
        for (int p = 0; p < parameters.size(); p++) {
            gradients[layerOfParameter[p]].add(parameters.get(p).gradient());
            before[p].copyFrom(parameters.get(p).value());
        }
    }

    @Override
    public void onBatchEnd(TrainingRun run) {
        if (!watching) {
            return;
        }
        watching = false;
        double[] change = new double[layers.size()];
        double[] size = new double[layers.size()];
        for (int p = 0; p < before.length; p++) {
            Tensor old = before[p];
            Tensor now = parameters.get(p).value();
            double c = 0;
            double s = 0;
            for (int k = 0, n = old.size(); k < n; k++) {
                double w = old.getFlat(k);
                c += Math.abs(now.getFlat(k) - w);
                s += Math.abs(w);
            }
            change[layerOfParameter[p]] += c;
            size[layerOfParameter[p]] += s;
        }
        for (int i = 0; i < layers.size(); i++) {
            if (size[i] > 0 && change[i] > 0) {
                ratioLogSum[i] += Math.log10(change[i] / size[i]);
                ratioCount[i]++;
            }
        }
    }

    @Override
    public void onEpochEnd(TrainingRun run) {
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Moments out = outputs[i];
            Moments g = gradients[i];
            String type = layer.type();
            double inactive = Double.NaN;
            if (type.equals("relu") && fired[i] != null) {
                int never = 0;
                for (boolean f : fired[i]) {
                    never += f ? 0 : 1;
                }
                inactive = (double) never / fired[i].length;
            }
            double saturatedShare = (type.equals("sigmoid") || type.equals("tanh")) && out.count > 0
                    ? (double) saturated[i] / out.count : Double.NaN;
            statistics.add(new LayerStatistics(run.epoch(), i + 1, type, out.width,
                    ratioCount[i] > 0 ? ratioLogSum[i] / ratioCount[i] : Double.NaN, out.mean(), out.std(),
                    g == null ? Double.NaN : g.mean(), g == null ? Double.NaN : g.std(), inactive, saturatedShare));
        }
    }

    @Override
    public String stateName() {
        return "layer_statistics";
    }

    @Override
    public void saveState(Map<String, Object> values, Map<String, Tensor> tensors) {
        List<Object> finished = new ArrayList<>();
        for (LayerStatistics s : statistics) {
            finished.add(List.of(s.epoch(), s.layer(), s.type(), s.units(), s.updateRatioLog10(), s.outputMean(),
                    s.outputStd(), s.gradientMean(), s.gradientStd(), s.inactiveFraction(), s.saturatedFraction()));
        }
        values.put("epochs", finished);
        List<Object> current = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("outputs", outputs[i] == null ? null : outputs[i].toList());
            layer.put("gradients", gradients[i] == null ? null : gradients[i].toList());
            layer.put("saturated", saturated[i]);
            layer.put("ratio_log_sum", ratioLogSum[i]);
            layer.put("ratio_count", ratioCount[i]);
            current.add(layer);
            if (fired[i] != null) {
                double[] f = new double[fired[i].length];
                for (int c = 0; c < f.length; c++) {
                    f[c] = fired[i][c] ? 1 : 0;
                }
                tensors.put("fired_" + i, Tensor.wrap(f, new int[] {1, f.length}));
            }
        }
        values.put("epoch_in_progress", current);
    }

    @Override
    public void restoreState(Map<String, Object> values, Map<String, Tensor> tensors, TrainingRun run) {
        statistics.clear();
        for (Object o : (List<?>) values.get("epochs")) {
            List<?> e = (List<?>) o;
            statistics.add(new LayerStatistics(integer(e.get(0)), integer(e.get(1)), (String) e.get(2), integer(e.get(3)),
                    number(e.get(4)), number(e.get(5)), number(e.get(6)), number(e.get(7)), number(e.get(8)),
                    number(e.get(9)), number(e.get(10))));
        }
        List<?> current = (List<?>) values.get("epoch_in_progress");
        if (current.size() != layers.size()) {
            throw new IllegalArgumentException("cannot resume: the checkpoint's layer statistics are for "
                    + current.size() + " layers, the network has " + layers.size());
        }
        for (int i = 0; i < layers.size(); i++) {
            Map<?, ?> layer = (Map<?, ?>) current.get(i);
            outputs[i] = Moments.of((List<?>) layer.get("outputs"));
            gradients[i] = Moments.of((List<?>) layer.get("gradients"));
            saturated[i] = (long) number(layer.get("saturated"));
            ratioLogSum[i] = number(layer.get("ratio_log_sum"));
            ratioCount[i] = integer(layer.get("ratio_count"));
            Tensor f = tensors.get("fired_" + i);
            fired[i] = null;
            if (f != null) {
                fired[i] = new boolean[f.size()];
                for (int c = 0; c < fired[i].length; c++) {
                    fired[i][c] = f.getFlat(c) != 0;
                }
            }
        }
    }

    /** A JSON number, or NaN for the null that JSON writes for NaN. */
    private static double number(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    private static int integer(Object o) {
        return ((Number) o).intValue();
    }

    /** Marks the units (columns) of layer {@code i} that are positive in some row of {@code out}. */
    private void recordFiring(int i, Tensor out) {
        if (fired[i] == null) {
            fired[i] = new boolean[out.cols()];
        }
        boolean[] f = fired[i];
        for (int r = 0; r < out.rows(); r++) {
            for (int c = 0; c < out.cols(); c++) {
                if (!f[c] && out.get(r, c) > 0) {
                    f[c] = true;
                }
            }
        }
    }

    /** Outputs in the flat ends: sigmoid below 0.05 or above 0.95, tanh beyond +-0.95. */
    private static long countSaturated(String type, Tensor out) {
        double m = LayerStatistics.SATURATION_MARGIN;
        double low = type.equals("sigmoid") ? m : -1 + m;
        double high = 1 - m;
        long n = 0;
        for (int k = 0, size = out.size(); k < size; k++) {
            double v = out.getFlat(k);
            if (v < low || v > high) {
                n++;
            }
        }
        return n;
    }

    /** Count, sum and sum of squares of the values seen, and the width of the last tensor. */
    private static final class Moments {
        long count;
        double sum;
        double sumSq;
        int width;

        void add(Tensor t) {
            for (int k = 0, n = t.size(); k < n; k++) {
                double v = t.getFlat(k);
                sum += v;
                sumSq += v * v;
            }
            count += t.size();
            width = t.cols();
        }

        List<Object> toList() {
            return List.of(count, sum, sumSq, width);
        }

        /** The moments {@link #toList} wrote, or null for null. */
        static Moments of(List<?> saved) {
            if (saved == null) {
                return null;
            }
            Moments m = new Moments();
            m.count = (long) number(saved.get(0));
            m.sum = number(saved.get(1));
            m.sumSq = number(saved.get(2));
            m.width = integer(saved.get(3));
            return m;
        }

        double mean() {
            return count == 0 ? Double.NaN : sum / count;
        }

        double std() {
            if (count == 0) {
                return Double.NaN;
            }
            double mean = sum / count;
            return Math.sqrt(Math.max(0, sumSq / count - mean * mean));
        }
    }
}
