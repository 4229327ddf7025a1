package dev.chainrule.tensor;

/**
 * Holder of the active {@link Kernels}; package-private so the seam has one entry point.
 *
 * <p>The default is {@code VectorKernels} (JDK Vector API, packed and multi-threaded float32
 * products) when the {@code jdk.incubator.vector} module is in the boot layer (the launcher and
 * the tests add it with {@code --add-modules jdk.incubator.vector}), else {@link JavaKernels}.
 * {@code -Dchainrule.kernels=java} forces the plain-loop kernels; {@code -Dchainrule.kernels=blas}
 * chooses the optional {@code chainrule-blas} module's kernels (the machine's own BLAS through
 * JNI), when that module is on the class path and a native BLAS loads, else says why on standard
 * error, once, and keeps the default.
 */
final class KernelRegistry {
    static volatile Kernels active = best();

    private KernelRegistry() {
    }

    /** The fastest kernels this JVM can run. */
    static Kernels best() {
        String chosen = System.getProperty("chainrule.kernels");
        if ("java".equals(chosen)) {
            return new JavaKernels();
        }
        if ("blas".equals(chosen)) {
            try {
                return (Kernels) Class.forName("dev.chainrule.blas.BlasKernels").getConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                Throwable why = e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null ? e.getCause() : e;
                System.err.println("chainrule: -Dchainrule.kernels=blas: "
                        + (why instanceof ClassNotFoundException ? "the chainrule-blas module is not on the class path"
                        : why.getMessage()) + "; using the default kernels");
            }
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
