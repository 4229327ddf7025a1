package dev.chainrule.diagnostics;

import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.Dataset;
import dev.chainrule.data.LoadedData;
import dev.chainrule.layer.Dense;
import dev.chainrule.layer.Parameter;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Adam;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.layer.Layer;
import dev.chainrule.train.Callback;
import dev.chainrule.train.EpochResult;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import dev.chainrule.train.TrainingListener;
import dev.chainrule.train.TrainingRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerStatisticsCollectorTest {
    static Dataset digits;

    @BeforeAll
    static void load() {
        LoadedData d = DataSource.load("digits", DataOptions.defaults().withTestFraction(0.2).withSeed(1));
        digits = d.train();
    }

    static Sequential net(long seed, String activation, double dropout) {
        Sequential.Builder b = Sequential.builder(64).seed(seed).dense(32).activation(activation);
        if (dropout > 0) {
            b.dropout(dropout);
        }
        return b.dense(10).loss(new SoftmaxCrossEntropy()).build();
    }

    static List<Tensor> train(Sequential model, Optimizer optimizer, TrainingConfig config, Callback callback) {
        Trainer t = new Trainer(model, optimizer, config);
        if (callback != null) {
            t.addCallback(callback);
        }
        t.fit(digits);
        return model.copyWeights();
    }

    @Test
    void trainingGivesTheSameBitsWithTheCollectorAsWithout() {
        for (Optimizer o : List.of(new Sgd(0.1), new Adam(0.001))) {
            Sequential plain = net(3, "relu", 0.2);
            Sequential watched = net(3, "relu", 0.2);
            TrainingConfig config = TrainingConfig.miniBatch(2, 32, 7);
            List<Tensor> a = train(plain, o instanceof Sgd ? new Sgd(0.1) : new Adam(0.001), config, null);
            LayerStatisticsCollector collector = new LayerStatisticsCollector(5);
            List<Tensor> b = train(watched, o instanceof Sgd ? new Sgd(0.1) : new Adam(0.001), config, collector);
            for (int i = 0; i < a.size(); i++) {
                assertTrue(a.get(i).sameBits(b.get(i)), o + ": parameter " + i + " differs with the collector attached");
            }
            assertEquals(2 * watched.layers().size(), collector.statistics().size());
        }
    }

    /** Copies the weights at each epoch's start and end: with one full batch per epoch, that is one step. */
    static final class StepRecorder implements TrainingListener {
        final Sequential model;
        final List<List<Tensor>> before = new ArrayList<>();
        final List<List<Tensor>> after = new ArrayList<>();

        StepRecorder(Sequential model) {
            this.model = model;
        }

        @Override
        public void onEpochStart(int epoch) {
            before.add(model.copyWeights());
        }

        @Override
        public boolean onEpochEnd(EpochResult result) {
            after.add(model.copyWeights());
            return true;
        }
    }

    @Test
    void theUpdateRatioIsTheStepOverTheWeights() {
        Sequential model = net(5, "tanh", 0);
        StepRecorder steps = new StepRecorder(model);
        LayerStatisticsCollector collector = new LayerStatisticsCollector();
        Trainer t = new Trainer(model, new Sgd(0.5), TrainingConfig.fullBatch(3));
        t.addListener(steps);
        t.addCallback(collector);
        t.fit(digits);
        for (LayerStatistics s : collector.statistics()) {
            if (!s.type().equals("dense")) {
                assertTrue(Double.isNaN(s.updateRatioLog10()), "no parameters, no ratio: " + s);
                continue;
            }
            int first = s.layer() == 1 ? 0 : 2; // weight and bias of layer 1, then of layer 3
            double change = 0;
            double size = 0;
            for (int p = first; p < first + 2; p++) {
                Tensor w0 = steps.before.get(s.epoch() - 1).get(p);
                Tensor w1 = steps.after.get(s.epoch() - 1).get(p);
                for (int k = 0; k < w0.size(); k++) {
                    change += Math.abs(w1.getFlat(k) - w0.getFlat(k));
                    size += Math.abs(w0.getFlat(k));
                }
            }
            assertEquals(Math.log10(change / size), s.updateRatioLog10(), 1e-12, s.toString());
        }
    }

    /** Copies what the collector should see at the watched steps, computed on the side. */
    static final class Watcher implements Callback {
        final boolean[] watched;
        final List<double[]> gradientSums = new ArrayList<>();
        final List<double[]> outputSums = new ArrayList<>();

        Watcher(boolean[] watched) {
            this.watched = watched;
        }

        @Override
        public void onEpochStart(TrainingRun run) {
            gradientSums.add(new double[3 * run.layers().size()]);
            outputSums.add(new double[3 * run.layers().size()]);
        }

        @Override
        public void afterBackward(TrainingRun run) {
            if (!watched[run.batch()]) {
                return;
            }
            double[] g = gradientSums.get(run.epoch() - 1);
            double[] o = outputSums.get(run.epoch() - 1);
            for (int i = 0; i < run.layers().size(); i++) {
                Layer layer = run.layers().get(i);
                for (Parameter p : layer.parameters()) {
                    add(g, i, p.gradient());
                }
                add(o, i, layer.lastOutput());
            }
        }

        static void add(double[] sums, int i, Tensor t) {
            for (int k = 0; k < t.size(); k++) {
                sums[3 * i] += 1;
                sums[3 * i + 1] += t.getFlat(k);
                sums[3 * i + 2] += t.getFlat(k) * t.getFlat(k);
            }
        }
    }

    @Test
    void outputsAndGradientsPoolTheWatchedBatches() {
        Sequential model = net(9, "sigmoid", 0.1);
        // 1,438 examples in batches of 64: 23 batches; 3 watched steps are batches 1, 8 and 16
        boolean[] watched = new boolean[24];
        watched[1] = true;
        watched[8] = true;
        watched[16] = true;
        Watcher side = new Watcher(watched);
        LayerStatisticsCollector collector = new LayerStatisticsCollector(3);
        Trainer t = new Trainer(model, new Sgd(0.3), TrainingConfig.miniBatch(2, 64, 1));
        t.addCallback(side);
        t.addCallback(collector);
        t.fit(digits);
        for (LayerStatistics s : collector.statistics()) {
            int i = s.layer() - 1;
            double[] o = side.outputSums.get(s.epoch() - 1);
            double mean = o[3 * i + 1] / o[3 * i];
            assertEquals(mean, s.outputMean(), 1e-12 * Math.max(1, Math.abs(mean)), s.toString());
            assertEquals(Math.sqrt(o[3 * i + 2] / o[3 * i] - mean * mean), s.outputStd(), 1e-9, s.toString());
            double[] g = side.gradientSums.get(s.epoch() - 1);
            if (s.type().equals("dense")) {
                double gm = g[3 * i + 1] / g[3 * i];
                assertEquals(gm, s.gradientMean(), 1e-15, s.toString());
                assertEquals(Math.sqrt(g[3 * i + 2] / g[3 * i] - gm * gm), s.gradientStd(), 1e-12, s.toString());
            } else {
                assertTrue(Double.isNaN(s.gradientMean()) && Double.isNaN(s.updateRatioLog10()), s.toString());
            }
        }
        LayerStatistics sigmoid = collector.statistics().get(4 + 1); // epoch 2: dense, sigmoid, dropout, dense
        assertEquals("sigmoid", sigmoid.type());
        assertTrue(sigmoid.outputMean() > 0 && sigmoid.outputMean() < 1 && sigmoid.outputStd() > 0, sigmoid.toString());
        assertTrue(sigmoid.saturatedFraction() >= 0 && sigmoid.saturatedFraction() < 0.5, sigmoid.toString());
        assertTrue(Double.isNaN(sigmoid.inactiveFraction()));
    }

    @Test
    void deadReluUnitsAndSaturatedSigmoidsAreCounted() {
        Sequential relu = net(2, "relu", 0);
        Dense first = (Dense) relu.layers().get(0);
        for (int c = 0; c < 32; c++) {
            first.bias().value().set(0, c, c < 24 ? -10 : 10); // 24 of 32 units can never fire on [0, 1] pixels, 8 always do
        }
        LayerStatisticsCollector dead = new LayerStatisticsCollector();
        train(relu, new Sgd(0.1), TrainingConfig.miniBatch(1, 32, 1), dead);
        LayerStatistics r = dead.statistics().get(1);
        assertEquals("relu", r.type());
        assertEquals(24.0 / 32, r.inactiveFraction(), 1e-12);

        Sequential sigmoid = net(2, "sigmoid", 0);
        Dense weights = (Dense) sigmoid.layers().get(0);
        Tensor w = weights.weight().value();
        for (int k = 0; k < w.size(); k++) {
            w.setFlat(k, 100 * w.getFlat(k));
        }
        LayerStatisticsCollector saturated = new LayerStatisticsCollector();
        train(sigmoid, new Sgd(0.1), TrainingConfig.miniBatch(1, 32, 1), saturated);
        LayerStatistics s = saturated.statistics().get(1);
        assertTrue(s.saturatedFraction() > 0.9, s.toString());
        assertTrue(Double.isNaN(s.updateRatioLog10()) && Double.isNaN(s.gradientStd()), "an activation has no parameters");
    }
}
