package dev.chainrule.tensor;

/** Element type of a {@link Tensor}'s storage. */
public enum DType {
    /** 32-bit IEEE floats: the default for training, twice the throughput of FLOAT64. */
    FLOAT32,
    /** 64-bit IEEE doubles: gradient checks and reproducing hand calculations digit for digit. */
    FLOAT64
}
