package dev.chainrule.tensor;

/**
 * Holder of the active {@link Kernels}; package-private so the seam has one entry point.
 *
 * <p>The default is {@code VectorKernels} (JDK Vector API, packed and multi-threaded float32
 * products) when the {@code jdk.incubator.vector} module is in the boot layer (the launcher and
 * the tests add it with {@code --add-modules jdk.incubator.vector}), else {@link JavaKernels}.
 * {@code -Dchainrule.kernels=java} forces the plain-loop kernels.
 */
final class KernelRegistry {
    static volatile Kernels active = best();

    private KernelRegistry() {
    }

    /** The fastest kernels this JVM can run. */
    static Kernels best() {
        if ("java".equals(System.getProperty("chainrule.kernels"))) {
            return new JavaKernels();
        }
        Kernels vector = vectorKernels();
        return vector != null ? vector : new JavaKernels();
    }

    /** The Vector API kernels, or null when the module is absent or they fail to start. */
    static Kernels vectorKernels() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            Kernels k = (Kernels) Class.forName("dev.chainrule.tensor.VectorKernels").getDeclaredConstructor().newInstance();
            if (!"false".equals(System.getProperty("chainrule.warmup"))) {
                KernelWarmUp.startInBackground();
            }
            return k;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }
}
