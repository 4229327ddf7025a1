package dev.chainrule.diagnostics;

import dev.chainrule.train.EpochResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiagnosisTest {
    static final double NaN = Double.NaN;

    static LayerStatistics dense(int epoch, int layer, double ratio) {
        return new LayerStatistics(epoch, layer, "dense", 10, ratio, 0, 1, 0, 0.01, NaN, NaN);
    }

    static LayerStatistics relu(int epoch, int layer, double inactive) {
        return new LayerStatistics(epoch, layer, "relu", 10, NaN, 0.5, 1, NaN, NaN, inactive, NaN);
    }

    static LayerStatistics sigmoid(int epoch, int layer, double saturated) {
        return new LayerStatistics(epoch, layer, "sigmoid", 10, NaN, 0.5, 0.2, NaN, NaN, NaN, saturated);
    }

    static List<Finding.Kind> kinds(List<Finding> findings) {
        return findings.stream().map(Finding::kind).toList();
    }

    @Test
    void healthyLayersRaiseNothing() {
        List<LayerStatistics> s = List.of(dense(1, 1, -1.5), relu(1, 2, 0.9), dense(2, 1, -2.8), relu(2, 2, 0.5),
                sigmoid(2, 3, 0.5), dense(2, 4, -3.9));
        assertEquals(List.of(), Diagnosis.layers(s, 0.1), "only the last epoch counts, and the limits are exclusive");
    }

    @Test
    void eachRuleRaisesItsFindingInWords() {
        List<LayerStatistics> s = new ArrayList<>();
        for (int e = 1; e <= 3; e++) {
            s.add(dense(e, 1, e == 1 ? -3 : -1.5));
            s.add(relu(e, 2, 0.75));
            s.add(dense(e, 3, -4.6));
            s.add(sigmoid(e, 4, e == 3 ? 0.8 : 0.1));
        }
        List<Finding> f = Diagnosis.layers(s, 10);
        assertEquals(List.of(Finding.Kind.UPDATE_RATIO_HIGH, Finding.Kind.INACTIVE_UNITS, Finding.Kind.UPDATE_RATIO_LOW,
                Finding.Kind.SATURATED_UNITS), kinds(f));
        assertEquals(List.of(1, 2, 3, 4), f.stream().map(Finding::layer).toList());
        assertTrue(f.get(0).message().startsWith("Layer 1 (dense): the update-to-weight ratio is -1.50 in log10 in the"
                + " last epoch (since epoch 2): each step changes the weights by about 3.2% of their size"), f.get(0).message());
        assertTrue(f.get(0).message().endsWith("The learning rate (10) is probably too high."), f.get(0).message());
        assertTrue(f.get(1).message().startsWith("Layer 2 (relu): 8 of its 10 units (75%) never fired on the examples"
                + " of the last epoch's watched batches (as in every epoch)."), f.get(1).message());
        assertTrue(f.get(2).message().contains("only about 0.0025% of their size"), f.get(2).message());
        assertTrue(f.get(3).message().startsWith("Layer 4 (sigmoid): 80% of its outputs are saturated (within 0.05 of 0"
                + " or 1) in the last epoch. There the derivative f'(h) = f(1 - f) is under a fifth"), f.get(3).message());
    }

    static EpochResult epoch(int e, double train, double validation) {
        return new EpochResult(e, train, NaN, validation, NaN, 1, 0.1);
    }

    @Test
    void aTrainingLossThatRisesIsFlaggedWithItsEpochs() {
        List<Finding> f = Diagnosis.losses(List.of(epoch(1, 1.0, NaN), epoch(2, 0.8, NaN), epoch(3, 0.9, NaN),
                epoch(4, 0.7, NaN), epoch(5, 0.75, NaN)));
        assertEquals(List.of(Finding.Kind.TRAINING_LOSS_INCREASING), kinds(f));
        assertTrue(f.get(0).message().startsWith("The training loss rose in epoch 3 (0.8 to 0.9), epoch 5 (0.7 to 0.75)"),
                f.get(0).message());
        assertEquals(List.of(), Diagnosis.losses(List.of(epoch(1, 1.0, 2), epoch(2, 0.8, 1.5), epoch(3, 0.8, 1.4))));
        assertEquals(List.of(), Diagnosis.losses(List.of(epoch(1, 2.3038, NaN), epoch(2, 2.3039, NaN))),
                "a plateau's noise is not a rise");
    }

    @Test
    void aHeldOutLossRisingAfterItsBestIsFlagged() {
        List<EpochResult> rising = List.of(epoch(1, 1.0, 1.0), epoch(2, 0.8, 0.7), epoch(3, 0.6, 0.75),
                epoch(4, 0.5, 0.8));
        List<Finding> f = Diagnosis.losses(rising);
        assertEquals(List.of(Finding.Kind.VALIDATION_LOSS_INCREASING), kinds(f));
        assertTrue(f.get(0).message().startsWith("The held-out loss was lowest after epoch 2 (0.7) and is 0.8 after the"
                + " last epoch"), f.get(0).message());
        List<EpochResult> oneBadEpoch = List.of(epoch(1, 1.0, 1.0), epoch(2, 0.8, 0.7), epoch(3, 0.6, 0.75));
        assertEquals(List.of(), Diagnosis.losses(oneBadEpoch), "one epoch above the best is noise");
        List<EpochResult> recovering = List.of(epoch(1, 1.0, 1.0), epoch(2, 0.8, 0.7), epoch(3, 0.6, 0.8),
                epoch(4, 0.5, 0.75));
        assertEquals(List.of(), Diagnosis.losses(recovering), "falling again in the last epoch");
    }

    @Test
    void percentagesReadNaturally() {
        assertEquals("0.1%", Diagnosis.percent(-3));
        assertEquals("3.2%", Diagnosis.percent(-1.5));
        assertEquals("0.0025%", Diagnosis.percent(-4.6));
    }
}
