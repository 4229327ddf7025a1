package dev.chainrule.metrics;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {
    // Rows: true class, columns: predicted class. Support 6, 6, 4; predicted 7, 4, 5; diagonal 12 of 16.
    static final ConfusionMatrix M = new ConfusionMatrix(new long[][] {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}},
            List.of("cat", "dog", "bird"));

    @Test
    void perClassPrecisionRecallF1() {
        assertEquals(0.75, M.accuracy(), 1e-15);
        assertEquals(5.0 / 7, M.precision(0), 1e-15);
        assertEquals(3.0 / 4, M.precision(1), 1e-15);
        assertEquals(4.0 / 5, M.precision(2), 1e-15);
        assertEquals(5.0 / 6, M.recall(0), 1e-15);
        assertEquals(0.5, M.recall(1), 1e-15);
        assertEquals(1.0, M.recall(2), 1e-15);
        assertEquals(10.0 / 13, M.f1(0), 1e-15);
        assertEquals(0.6, M.f1(1), 1e-15);
        assertEquals(8.0 / 9, M.f1(2), 1e-15);
        assertEquals(16, M.total());
        assertEquals(6, M.support(1));
        assertEquals(7, M.predicted(0));
    }

    @Test
    void macroAndWeightedAverages() {
        assertEquals((5.0 / 7 + 0.75 + 0.8) / 3, M.precision(ConfusionMatrix.Average.MACRO), 1e-15);
        assertEquals((5.0 / 6 + 0.5 + 1.0) / 3, M.recall(ConfusionMatrix.Average.MACRO), 1e-15);
        assertEquals((10.0 / 13 + 0.6 + 8.0 / 9) / 3, M.f1(ConfusionMatrix.Average.MACRO), 1e-15);
        assertEquals((6 * 5.0 / 7 + 6 * 0.75 + 4 * 0.8) / 16, M.precision(ConfusionMatrix.Average.WEIGHTED), 1e-15);
        // Weighted recall is accuracy.
        assertEquals(0.75, M.recall(ConfusionMatrix.Average.WEIGHTED), 1e-15);
        assertEquals((6 * 10.0 / 13 + 6 * 0.6 + 4 * 8.0 / 9) / 16, M.f1(ConfusionMatrix.Average.WEIGHTED), 1e-15);
    }

    @Test
    void undefinedRatiosAreNaNAndCountAsZeroInAverages() {
        // Class 1 is never predicted (precision undefined); class 2 never occurs (recall undefined).
        ConfusionMatrix m = new ConfusionMatrix(new long[][] {{3, 0, 0}, {2, 0, 1}, {0, 0, 0}}, null);
        assertTrue(Double.isNaN(m.precision(1)));
        assertEquals(0.0, m.recall(1));
        assertTrue(Double.isNaN(m.f1(1)));
        assertTrue(Double.isNaN(m.recall(2)));
        assertEquals(0.0, m.precision(2));
        assertEquals(0.6, m.precision(0), 1e-15);
        assertEquals(0.6 / 3, m.precision(ConfusionMatrix.Average.MACRO), 1e-15);
        assertEquals((3 * 0.75 + 3 * 0.0 + 0 * 0.0) / 6, m.f1(ConfusionMatrix.Average.WEIGHTED), 1e-15);
        assertEquals(List.of("0", "1", "2"), m.classNames());
        assertTrue(Double.isNaN(new ConfusionMatrix(new long[][] {{0, 0}, {0, 0}}, null).accuracy()));
    }

    @Test
    void fromPredictionsAndTables() {
        Tensor p = Tensor.of(DType.FLOAT32, new double[][] {{0.7, 0.2, 0.1}, {0.1, 0.6, 0.3}, {0.2, 0.3, 0.5}, {0.5, 0.4, 0.1}});
        Tensor t = Tensor.of(DType.FLOAT32, new double[][] {{1, 0, 0}, {0, 0, 1}, {0, 0, 1}, {0, 1, 0}});
        ConfusionMatrix m = ConfusionMatrix.of(p, t, List.of("a", "b", "c"));
        assertEquals(1, m.count(0, 0));
        assertEquals(1, m.count(2, 1));
        assertEquals(1, m.count(1, 0));
        assertEquals(0.5, m.accuracy(), 1e-15);
        assertEquals(Accuracy.of(p, t), m.accuracy(), 1e-15);
        String table = M.toString();
        assertTrue(table.startsWith("true\\pred") && table.contains("bird") && table.lines().count() == 4, table);
        String report = M.report();
        assertTrue(report.contains("precision") && report.contains("macro avg") && report.contains("weighted avg")
                && report.contains("0.7500"), report);
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 1}, 3));
    }

    @Test
    void topKAccuracy() {
        Tensor p = Tensor.of(DType.FLOAT32, new double[][] {{0.5, 0.3, 0.2}, {0.5, 0.3, 0.2}, {0.5, 0.3, 0.2}, {0.1, 0.1, 0.8}});
        Tensor t = Tensor.of(DType.FLOAT32, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}});
        assertEquals(0.25, TopKAccuracy.of(p, t, 1), 1e-15);
        // Row 4: class 1 ties with class 0 for second place, counted in the example's favour.
        assertEquals(0.75, TopKAccuracy.of(p, t, 2), 1e-15);
        assertEquals(1.0, TopKAccuracy.of(p, t, 3), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> TopKAccuracy.of(p, t, 0));
    }

    @Test
    void regressionErrors() {
        Tensor p = Tensor.of(DType.FLOAT64, new double[][] {{1, 2}, {3, 5}});
        Tensor t = Tensor.of(DType.FLOAT64, new double[][] {{1, 0}, {4, 5}});
        RegressionMetrics r = RegressionMetrics.of(p, t);
        assertEquals((0 + 4 + 1 + 0) / 4.0, r.meanSquaredError(), 1e-15);
        assertEquals((0 + 2 + 1 + 0) / 4.0, r.meanAbsoluteError(), 1e-15);
        assertEquals(Math.sqrt(1.25), r.rootMeanSquaredError(), 1e-15);
        assertEquals(4, r.count());
        // R^2 per column (targets 1, 4: residual 1 of total 4.5; targets 0, 5: 4 of 12.5), then averaged
        assertEquals(((1 - 1 / 4.5) + (1 - 4 / 12.5)) / 2, r.rSquared(), 1e-15);
        Tensor same = Tensor.of(DType.FLOAT64, new double[][] {{2}, {2}});
        assertEquals(1.0, RegressionMetrics.of(same, same).rSquared());
        assertEquals(0.0, RegressionMetrics.of(Tensor.of(DType.FLOAT64, new double[][] {{2}, {3}}), same).rSquared());
        assertEquals(0.0, RegressionMetrics.of(Tensor.of(DType.FLOAT64, new double[][] {{2.5}, {2.5}}),
                Tensor.of(DType.FLOAT64, new double[][] {{2}, {3}})).rSquared(), 1e-15, "the mean scores 0");
    }
}
