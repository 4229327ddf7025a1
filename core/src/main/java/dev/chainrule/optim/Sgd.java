package dev.chainrule.optim;

import dev.chainrule.layer.Parameter;
import dev.chainrule.tensor.Kernels;

import java.util.List;

/**
 * Plain stochastic gradient descent: {@code w <- w - lr * dL/dw}. The weight step is
 * {@code -lr * dL/dw}, which for the seeds' loss is {@code lr * delta * input}.
 */
public final class Sgd implements Optimizer {
    private double learningRate;

    public Sgd(double learningRate) {
        this.learningRate = Optimizer.checkLearningRate(learningRate);
    }

    @Override
    public void step(List<Parameter> parameters) {
        Kernels k = Kernels.active();
        for (int i = 0, n = parameters.size(); i < n; i++) { // indexed: no iterator per step
            Parameter p = parameters.get(i);
            k.axpy(-learningRate, p.gradient(), p.value());
        }
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = Optimizer.checkLearningRate(learningRate);
    }

    @Override
    public String toString() {
        return "SGD(lr=" + learningRate + ")";
    }
}
