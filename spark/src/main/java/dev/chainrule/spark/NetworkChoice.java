package dev.chainrule.spark;

import dev.chainrule.io.NetworkFile;
import dev.chainrule.io.NetworkSpec;
import dev.chainrule.loss.Loss;
import dev.chainrule.model.Sequential;
import dev.chainrule.tensor.DType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The network the Params describe, for data of a given width: the network file, or the hidden
 * layers and activation with an output layer that fits the loss, as the {@code chainrule train}
 * command builds it (a sigmoid after the last dense layer for bce-prob, and for half-sse or mse on
 * classes; one output for two classes with bce, bce-prob, half-sse or mse; one output per class
 * otherwise). Built float32 from the seed.
 */
final class NetworkChoice {
    private final ChainruleParams<?> params;
    private final NetworkSpec file;
    private final boolean classification;

    private NetworkChoice(ChainruleParams<?> params, NetworkSpec file, boolean classification) {
        this.params = params;
        this.file = file;
        this.classification = classification;
    }

    /** Reads the network file, if the Params name one. */
    static NetworkChoice of(ChainruleParams<?> params, boolean classification) {
        String path = params.getNetworkFile();
        NetworkSpec file = null;
        if (path != null && !path.isEmpty()) {
            try {
                file = NetworkFile.read(Path.of(path));
            } catch (IOException e) {
                throw new UncheckedIOException("networkFile " + path + ": " + e.getMessage(), e);
            }
        }
        return new NetworkChoice(params, file, classification);
    }

    /** The network file's inputs, or -1 without a file. */
    int fileInputs() {
        return file == null ? -1 : file.inputs();
    }

    /** The classes the network file's outputs fix (2 for one output), or -1 without a file. */
    int fileClasses() {
        if (file == null) {
            return -1;
        }
        int outputs = file.build(DType.FLOAT32, 0).outputs();
        return outputs == 1 ? 2 : outputs;
    }

    /** The loss: the network file's, or the {@code loss} Param (an explicit Param that contradicts the file is an error). */
    String loss() {
        if (file != null && file.loss() != null) {
            if (params.isSet(params.loss()) && !params.getLoss().equals(file.loss())) {
                throw new IllegalArgumentException("networkFile " + params.getNetworkFile() + " names loss " + file.loss()
                        + " but the loss Param says " + params.getLoss());
            }
            return file.loss();
        }
        return params.isSet(params.loss()) ? params.getLoss() : params.defaultLoss();
    }

    /**
     * The float32 model for {@code inputs} features and {@code classes} classes (ignored for
     * regression), initialized from {@code seed}.
     */
    Sequential build(int inputs, int classes, long seed) {
        String lossName = loss();
        checkLoss(lossName, classes);
        if (file != null) {
            NetworkSpec spec = new NetworkSpec(file.input(), file.layers(), lossName, file.init());
            Sequential model;
            try {
                model = spec.build(DType.FLOAT32, seed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("networkFile " + params.getNetworkFile() + ": " + e.getMessage(), e);
            }
            int expected = outputs(lossName, classes);
            if (model.outputs() != expected) {
                throw new IllegalArgumentException("networkFile " + params.getNetworkFile() + " has " + model.outputs()
                        + " outputs, but " + (classification ? classes + " classes with loss " + lossName + " need "
                        + expected : "a regressor predicts one number per row"));
            }
            return model;
        }
        Sequential.Builder b = Sequential.builder(inputs).seed(seed);
        for (int units : params.getHiddenLayers()) {
            b.dense(units).activation(params.getActivation());
        }
        b.dense(outputs(lossName, classes));
        if (lossName.equals("bce-prob") || (classification && (lossName.equals("half-sse") || lossName.equals("mse")))) {
            b.sigmoid();
        }
        return b.loss(Loss.named(lossName)).build();
    }

    /** Outputs of the network: one per class, or one for two classes with a one-output loss, or one number. */
    private int outputs(String lossName, int classes) {
        if (!classification) {
            return 1;
        }
        return classes == 2 && !lossName.equals("softmax-ce") ? 1 : classes;
    }

    private void checkLoss(String lossName, int classes) {
        List<String> allowed = new ArrayList<>(List.of("half-sse", "mse"));
        if (classification) {
            allowed.add("softmax-ce");
            if (classes == 2) {
                allowed.addAll(List.of("bce", "bce-prob"));
            }
        }
        if (!allowed.contains(lossName)) {
            throw new IllegalArgumentException("loss " + lossName + " does not fit "
                    + (classification ? classes + " classes" : "regression") + "; use one of " + String.join(", ", allowed));
        }
    }
}
