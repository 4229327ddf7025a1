package dev.chainrule.train;

import dev.chainrule.data.Dataset;
import dev.chainrule.layer.Parameter;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Adam;
import dev.chainrule.optim.Optimizer;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Backprop#computeGradients} and {@link Optimizer#step} used apart, as a data-parallel worker and driver do. */
class GradientsAndStepTest {

    static Sequential copyOf(Sequential model) {
        Sequential copy = TrainerTest.blobsNet(123);
        copy.setWeights(model.copyWeights());
        return copy;
    }

    @Test
    void aWorkersGradientsAndTheDriversStepAreTheTrainersStep() {
        Dataset data = TrainerTest.blobs(64);
        for (Optimizer[] pair : new Optimizer[][] {{new Sgd(0.1), new Sgd(0.1)}, {new Adam(0.01), new Adam(0.01)}}) {
            Sequential single = TrainerTest.blobsNet(4);
            Sequential driver = copyOf(single);
            new Trainer(single, pair[0], TrainingConfig.fullBatch(3)).fit(data);

            for (int step = 0; step < 3; step++) {
                Sequential worker = copyOf(driver); // the weights sent to the worker
                new Backprop(worker).computeGradients(new Batch(data.features(), data.targets()));
                for (int i = 0; i < driver.parameters().size(); i++) {
                    driver.parameters().get(i).setGradient(worker.parameters().get(i).gradient());
                }
                pair[1].step(driver.parameters());
            }
            for (int i = 0; i < single.parameters().size(); i++) {
                Parameter p = single.parameters().get(i);
                assertTrue(p.value().sameBits(driver.parameters().get(i).value()), pair[0] + " " + p.name());
            }
        }
    }

    @Test
    void partsOfABatchAddUpToTheWholeWhenEachDividesByItsRows() {
        Dataset data = TrainerTest.blobs(60);
        Sequential model = TrainerTest.blobsNet(5);
        Backprop whole = new Backprop(copyOf(model));
        double wholeLoss = whole.computeGradients(new Batch(data.features(), data.targets()));
        List<Tensor> wholeGradients = gradients(whole.model());

        double lossSum = 0;
        List<Tensor> sum = null;
        int[][] parts = {{0, 25}, {25, 60}};
        for (int[] part : parts) {
            Dataset rows = data.subset("part", range(part[0], part[1]));
            Backprop worker = new Backprop(copyOf(model));
            lossSum += worker.computeGradients(new Batch(rows.features(), rows.targets()), 60);
            List<Tensor> g = gradients(worker.model());
            if (sum == null) {
                sum = g;
            } else {
                for (int i = 0; i < g.size(); i++) {
                    worker.model().kernels().axpy(1, g.get(i), sum.get(i));
                }
            }
        }
        assertEquals(wholeLoss, lossSum, 1e-6);
        for (int i = 0; i < sum.size(); i++) {
            for (int j = 0; j < sum.get(i).size(); j++) {
                assertEquals(wholeGradients.get(i).getFlat(j), sum.get(i).getFlat(j), 1e-6, "parameter " + i);
            }
        }
    }

    static int[] range(int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return rows;
    }

    static List<Tensor> gradients(Sequential model) {
        List<Tensor> out = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            out.add(p.gradient().copy());
        }
        return out;
    }
}
