package dev.chainrule.examples;

import dev.chainrule.explain.BackpropTrace;
import dev.chainrule.loss.HalfSumSquaredError;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;

import java.util.Arrays;
import java.util.Locale;

/**
 * Seed 004's single backpropagation step: inputs {@code (0.5, 0.1, -0.2)}, target 0.6,
 * learning rate 0.5, two sigmoid hidden units and one sigmoid output, no biases. Prints the
 * weight steps as the seed does:
 *
 * <pre>
 * Change in weights for hidden layer to output layer:
 * [ 0.00804047  0.00555918]
 * Change in weights for input layer to hidden layer:
 * [[ 1.77005547e-04 -5.11178506e-04]
 *  [ 3.54011093e-05 -1.02235701e-04]
 *  [-7.08022187e-05  2.04471402e-04]]
 * </pre>
 */
public final class Seed004SingleStep {
    private Seed004SingleStep() {
    }

    /** The seed's network, in float64 so its printed digits come out exactly. */
    public static Sequential network() {
        return Sequential.builder(3).dtype(DType.FLOAT64)
                .dense(new double[][] {{0.5, -0.6}, {0.1, -0.2}, {0.1, 0.7}}, null).sigmoid()
                .dense(new double[][] {{0.1}, {-0.3}}, null).sigmoid()
                .loss(new HalfSumSquaredError())
                .build();
    }

    public static BackpropTrace.Trace trace() {
        return BackpropTrace.of(network(), new double[] {0.5, 0.1, -0.2}, new double[] {0.6}, 0.5);
    }

    public static void main(String[] args) {
        BackpropTrace.Trace trace = trace();
        double[][] hiddenToOutput = trace.layers().get(2).weightStep();
        double[][] inputToHidden = trace.layers().get(0).weightStep();
        System.out.println("Change in weights for hidden layer to output layer:");
        System.out.printf(Locale.ROOT, "[ %.8f  %.8f]%n", hiddenToOutput[0][0], hiddenToOutput[1][0]);
        System.out.println("Change in weights for input layer to hidden layer:");
        for (int i = 0; i < inputToHidden.length; i++) {
            String row = Arrays.stream(inputToHidden[i])
                    .mapToObj(v -> String.format(Locale.ROOT, "%15.8e", v))
                    .reduce((a, b) -> a + " " + b).orElse("");
            System.out.println((i == 0 ? "[[" : " [") + row + (i == inputToHidden.length - 1 ? "]]" : "]"));
        }
    }
}
