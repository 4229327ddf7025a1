package dev.chainrule.spark;

import dev.chainrule.optim.Optimizers;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

import java.util.List;

/**
 * The training Params shared by {@link ChainruleClassifier} and {@link ChainruleRegressor}:
 * the network, the loss, the optimizer and its settings, batch size, epochs, seed and mode.
 * Spark finds Params through public methods without arguments that return a {@link Param}, so
 * each one is such a method here, with a {@code get...} and a {@code set...} beside it.
 *
 * <table>
 *   <caption>Params and defaults</caption>
 *   <tr><th>param</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code hiddenLayers}</td><td>[50]</td><td>units of each hidden dense layer; the input
 *       width comes from the features, the output width from the classes (or 1 for regression)</td></tr>
 *   <tr><td>{@code activation}</td><td>relu</td><td>after each hidden layer: sigmoid, tanh, relu, leaky_relu</td></tr>
 *   <tr><td>{@code networkFile}</td><td>""</td><td>a chainrule network file (JSON); when set it gives the
 *       layers, and the loss if it names one, instead of hiddenLayers and activation</td></tr>
 *   <tr><td>{@code loss}</td><td>softmax-ce (classifier), mse (regressor)</td><td>half-sse, mse, softmax-ce, bce, bce-prob</td></tr>
 *   <tr><td>{@code optimizer}</td><td>sgd</td><td>sgd, momentum, nesterov, adam, adamw, rmsprop</td></tr>
 *   <tr><td>{@code learningRate}</td><td>0.1 for the SGD family, 0.001 for adam, adamw, rmsprop</td><td></td></tr>
 *   <tr><td>{@code momentum}</td><td>0.9</td><td>for momentum and nesterov</td></tr>
 *   <tr><td>{@code l2}</td><td>0</td><td>L2 penalty: {@code l2 * w} added to the gradient</td></tr>
 *   <tr><td>{@code weightDecay}</td><td>0.01 for adamw, else 0</td><td>decoupled decay {@code w *= 1 - lr * wd}</td></tr>
 *   <tr><td>{@code batchSize}</td><td>128</td><td>examples per optimizer step, over all partitions together</td></tr>
 *   <tr><td>{@code epochs}</td><td>10</td><td>passes over the training rows</td></tr>
 *   <tr><td>{@code seed}</td><td>1</td><td>initial weights, the batches' order, dropout masks</td></tr>
 *   <tr><td>{@code mode}</td><td>synchronous</td><td>synchronous or averaging (see {@link TrainingMode})</td></tr>
 *   <tr><td>{@code localSteps}</td><td>10</td><td>averaging: steps each partition takes between two averagings (K)</td></tr>
 * </table>
 *
 * @param <T> the estimator, which the setters return
 */
public interface ChainruleParams<T extends ChainruleParams<T>> extends Params {

    /** The Param objects, created by the estimator's constructor once its uid exists. */
    Definitions chainruleParams();

    /** The loss used when neither the {@code loss} Param nor a network file names one. */
    String defaultLoss();

    /** The Param objects of one estimator, owned by it (a Param names its parent's uid). */
    final class Definitions implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        static final List<String> ACTIVATIONS = List.of("sigmoid", "tanh", "relu", "leaky_relu");
        static final List<String> LOSSES = List.of("half-sse", "mse", "softmax-ce", "bce", "bce-prob");

        final IntArrayParam hiddenLayers;
        final Param<String> activation;
        final Param<String> networkFile;
        final Param<String> loss;
        final Param<String> optimizer;
        final DoubleParam learningRate;
        final DoubleParam momentum;
        final DoubleParam l2;
        final DoubleParam weightDecay;
        final IntParam batchSize;
        final IntParam epochs;
        final LongParam seed;
        final Param<String> mode;
        final IntParam localSteps;

        /** Creates the Params of {@code parent} and sets their defaults; {@code parent.uid()} must already work. */
        Definitions(Params parent, String defaultLoss) {
            hiddenLayers = new IntArrayParam(parent, "hiddenLayers",
                    "units of each hidden dense layer, in order (empty: no hidden layer)",
                    new AllPositive());
            activation = new Param<>(parent, "activation", "activation after each hidden layer: "
                    + String.join(", ", ACTIVATIONS), ParamValidators.inArray(ACTIVATIONS));
            networkFile = new Param<>(parent, "networkFile", "a chainrule network file (JSON) giving the layers"
                    + " (and the loss, if it names one) instead of hiddenLayers and activation; empty for none");
            loss = new Param<>(parent, "loss", "the loss: " + String.join(", ", LOSSES), ParamValidators.inArray(LOSSES));
            optimizer = new Param<>(parent, "optimizer", "the optimizer: " + String.join(", ", Optimizers.NAMES),
                    ParamValidators.inArray(Optimizers.NAMES));
            learningRate = new DoubleParam(parent, "learningRate", "the learning rate (default: 0.1 for sgd,"
                    + " momentum and nesterov, 0.001 for adam, adamw and rmsprop)", ParamValidators.gt(0));
            momentum = new DoubleParam(parent, "momentum", "momentum of the momentum and nesterov optimizers, in [0, 1)",
                    ParamValidators.inRange(0, 1, true, false));
            l2 = new DoubleParam(parent, "l2", "L2 penalty: l2 * w is added to the gradient", ParamValidators.gtEq(0));
            weightDecay = new DoubleParam(parent, "weightDecay", "decoupled weight decay, w *= 1 - lr * weightDecay"
                    + " (default: 0.01 for adamw, else 0)", ParamValidators.gtEq(0));
            batchSize = new IntParam(parent, "batchSize", "examples per optimizer step, over all partitions together",
                    ParamValidators.gtEq(1));
            epochs = new IntParam(parent, "epochs", "passes over the training rows", ParamValidators.gtEq(1));
            seed = new LongParam(parent, "seed", "seed of the initial weights, the order of the batches and dropout");
            mode = new Param<>(parent, "mode", "synchronous (the driver steps on the summed gradient of every"
                    + " batch) or averaging (partitions step on their own, then parameters and optimizer state are"
                    + " averaged)", ParamValidators.inArray(TrainingMode.NAMES));
            localSteps = new IntParam(parent, "localSteps", "averaging mode: optimizer steps each partition takes"
                    + " between two averagings", ParamValidators.gtEq(1));
            parent.setDefault(hiddenLayers, new int[] {50});
            parent.setDefault(activation, "relu");
            parent.setDefault(networkFile, "");
            parent.setDefault(loss, defaultLoss);
            parent.setDefault(optimizer, "sgd");
            parent.setDefault(momentum, Optimizers.DEFAULT_MOMENTUM);
            parent.setDefault(l2, 0.0);
            parent.setDefault(batchSize, 128);
            parent.setDefault(epochs, 10);
            parent.setDefault(seed, 1L);
            parent.setDefault(mode, TrainingMode.SYNCHRONOUS.paramValue());
            parent.setDefault(localSteps, 10);
        }
    }

    /** Validates {@code hiddenLayers}: every layer has at least one unit (a serializable Scala function). */
    final class AllPositive implements scala.Function1<int[], Object>, java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Object apply(int[] units) {
            for (int u : units) {
                if (u < 1) {
                    return false;
                }
            }
            return true;
        }
    }

    @SuppressWarnings("unchecked")
    private T self(Object ignored) {
        return (T) this;
    }

    default IntArrayParam hiddenLayers() {
        return chainruleParams().hiddenLayers;
    }

    default int[] getHiddenLayers() {
        return getOrDefault(hiddenLayers());
    }

    default T setHiddenLayers(int... units) {
        return self(set(hiddenLayers(), units));
    }

    default Param<String> activation() {
        return chainruleParams().activation;
    }

    default String getActivation() {
        return getOrDefault(activation());
    }

    default T setActivation(String name) {
        return self(set(activation(), name));
    }

    default Param<String> networkFile() {
        return chainruleParams().networkFile;
    }

    default String getNetworkFile() {
        return getOrDefault(networkFile());
    }

    default T setNetworkFile(String path) {
        return self(set(networkFile(), path));
    }

    default Param<String> loss() {
        return chainruleParams().loss;
    }

    default String getLoss() {
        return getOrDefault(loss());
    }

    default T setLoss(String name) {
        return self(set(loss(), name));
    }

    default Param<String> optimizer() {
        return chainruleParams().optimizer;
    }

    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    default T setOptimizer(String name) {
        return self(set(optimizer(), name));
    }

    default DoubleParam learningRate() {
        return chainruleParams().learningRate;
    }

    /** The learning rate set, or the optimizer's default (0.1 for the SGD family, 0.001 for the others). */
    default double getLearningRate() {
        return isDefined(learningRate()) ? (Double) getOrDefault(learningRate())
                : Optimizers.defaultLearningRate(getOptimizer());
    }

    default T setLearningRate(double rate) {
        return self(set(learningRate(), rate));
    }

    default DoubleParam momentum() {
        return chainruleParams().momentum;
    }

    default double getMomentum() {
        return (Double) getOrDefault(momentum());
    }

    default T setMomentum(double mu) {
        return self(set(momentum(), mu));
    }

    default DoubleParam l2() {
        return chainruleParams().l2;
    }

    default double getL2() {
        return (Double) getOrDefault(l2());
    }

    default T setL2(double l2) {
        return self(set(l2(), l2));
    }

    default DoubleParam weightDecay() {
        return chainruleParams().weightDecay;
    }

    /** The decay set, or the optimizer's default (0.01 for adamw, 0 for the others). */
    default double getWeightDecay() {
        return isDefined(weightDecay()) ? (Double) getOrDefault(weightDecay())
                : Optimizers.defaultWeightDecay(getOptimizer());
    }

    default T setWeightDecay(double decay) {
        return self(set(weightDecay(), decay));
    }

    default IntParam batchSize() {
        return chainruleParams().batchSize;
    }

    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    default T setBatchSize(int examples) {
        return self(set(batchSize(), examples));
    }

    default IntParam epochs() {
        return chainruleParams().epochs;
    }

    default int getEpochs() {
        return (Integer) getOrDefault(epochs());
    }

    default T setEpochs(int epochs) {
        return self(set(epochs(), epochs));
    }

    default LongParam seed() {
        return chainruleParams().seed;
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    default T setSeed(long seed) {
        return self(set(seed(), seed));
    }

    default Param<String> mode() {
        return chainruleParams().mode;
    }

    default String getMode() {
        return getOrDefault(mode());
    }

    default T setMode(String mode) {
        return self(set(mode(), mode));
    }

    default IntParam localSteps() {
        return chainruleParams().localSteps;
    }

    default int getLocalSteps() {
        return (Integer) getOrDefault(localSteps());
    }

    default T setLocalSteps(int steps) {
        return self(set(localSteps(), steps));
    }
}
