package dev.chainrule.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningRateScheduleTest {

    @Test
    void stepHalvesEveryTenUnits() {
        LearningRateSchedule s = LearningRateSchedule.step(10, 0.5);
        assertEquals(0.1, s.rate(0.1, 0, 30), 1e-15);
        assertEquals(0.1, s.rate(0.1, 9, 30), 1e-15);
        assertEquals(0.05, s.rate(0.1, 10, 30), 1e-15);
        assertEquals(0.025, s.rate(0.1, 25, 30), 1e-15);
    }

    @Test
    void exponentialMultipliesEachUnit() {
        LearningRateSchedule s = LearningRateSchedule.exponential(0.95);
        assertEquals(1.0, s.rate(1.0, 0, 10), 1e-15);
        assertEquals(0.95 * 0.95 * 0.95, s.rate(1.0, 3, 10), 1e-15);
    }

    @Test
    void cosineGoesFromBaseToMinOverTheRun() {
        LearningRateSchedule s = LearningRateSchedule.cosine();
        assertEquals(0.1, s.rate(0.1, 0, 10), 1e-15);
        assertEquals(0.05, s.rate(0.1, 5, 10), 1e-15);
        assertEquals(0.1 * (1 + Math.cos(Math.PI * 9 / 10)) / 2, s.rate(0.1, 9, 10), 1e-15);
        assertTrue(s.rate(0.1, 9, 10) > 0);
        assertEquals(0.01 + 0.09 * (1 + Math.cos(Math.PI * 0.25)) / 2, LearningRateSchedule.cosine(0.01).rate(0.1, 5, 20), 1e-15);
    }

    @Test
    void warmupIsLinearThenHandsOver() {
        LearningRateSchedule s = LearningRateSchedule.parse("warmup:5+cosine");
        assertEquals(0.02, s.rate(0.1, 0, 15), 1e-15);
        assertEquals(0.06, s.rate(0.1, 2, 15), 1e-15);
        assertEquals(0.1, s.rate(0.1, 4, 15), 1e-15);
        // Then cosine over the remaining 10 units, from its own start.
        assertEquals(0.1, s.rate(0.1, 5, 15), 1e-15);
        assertEquals(0.05, s.rate(0.1, 10, 15), 1e-15);
        assertEquals(0.1, LearningRateSchedule.warmup(2, null).rate(0.1, 7, 10), 1e-15);
    }

    @Test
    void parsesEveryShapeAndUnit() {
        assertEquals(0.025, LearningRateSchedule.parse("step:10:0.5").rate(0.1, 20, 30), 1e-15);
        assertEquals(0.1 * 0.9 * 0.9, LearningRateSchedule.parse("exp:0.9").rate(0.1, 2, 30), 1e-15);
        assertEquals(0.1, LearningRateSchedule.parse("constant").rate(0.1, 20, 30));
        assertEquals(LearningRateSchedule.Unit.EPOCH, LearningRateSchedule.parse("cosine").unit());
        LearningRateSchedule perStep = LearningRateSchedule.parse("warmup:100+cosine:0.001@step");
        assertEquals(LearningRateSchedule.Unit.STEP, perStep.unit());
        assertEquals("warmup:100+cosine:0.001@step", perStep.toString());
        assertEquals(0.001, perStep.rate(0.1, 0, 1000), 1e-15);
    }

    @Test
    void badSchedulesAreRefusedWithTheText() {
        for (String bad : new String[] {"step:10", "exp:1.5", "cosine:x", "linear", "warmup:0+cosine", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse(bad));
            assertTrue(bad.isEmpty() || e.getMessage().contains(bad.split(":")[0]), bad + ": " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.5));
    }
}
