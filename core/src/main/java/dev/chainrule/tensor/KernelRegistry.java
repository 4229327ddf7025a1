package dev.chainrule.tensor;

/** Holder of the active {@link Kernels}; package-private so the seam has one entry point. */
final class KernelRegistry {
    static volatile Kernels active = new JavaKernels();

    private KernelRegistry() {
    }
}
