package dev.chainrule.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

class TrainingWarmUpTest {

    @Test
    void trainsItsSmallNetworkWithinItsBudgetWithoutFailing() {
        // the background thread swallows exceptions (it is only a warm-up): run it here, where
        // it may throw; its budget is 0.4 s of epochs, plus building the data
        assertTimeoutPreemptively(Duration.ofSeconds(20), TrainingWarmUp::run);
    }
}
