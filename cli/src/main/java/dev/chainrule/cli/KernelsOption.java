package dev.chainrule.cli;

import dev.chainrule.blas.BlasKernels;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code --kernels vector|java|blas}: which kernels run the products, chosen before anything
 * touches them (the default kernels start warming up at once). {@code vector}: chainrule's own
 * (JDK Vector API; the default); {@code java}: plain loops; {@code blas}: the machine's BLAS
 * through JNI (OpenBLAS where installed), refused with a message when none loads.
 */
final class KernelsOption {
    static final String NAME = "--kernels";

    /** The kinds the option takes. */
    enum Kind { VECTOR, JAVA, BLAS }

    private KernelsOption() {
    }

    /**
     * Reads {@code --kernels} from the command line (anywhere, {@code --kernels X} or
     * {@code --kernels=X}) and sets {@code chainrule.kernels} for it; returns 0, or
     * {@link Main#BAD_INPUT} after one line on {@code err} when the value is unknown or no BLAS
     * loads. Picocli parses the option again (and shows it in --help); this runs first because
     * the kernels are chosen the first time they are used.
     */
    static int apply(String[] args, PrintWriter err) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(NAME) && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith(NAME + "=")) {
                value = args[i].substring(NAME.length() + 1);
            }
        }
        if (value == null) {
            return 0;
        }
        Kind kind;
        try {
            kind = Kind.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return 0; // picocli reports the bad value with the valid ones
        }
        if (kind == Kind.BLAS) {
            try {
                new BlasKernels();
            } catch (IllegalStateException | LinkageError e) {
                err.println("chainrule: " + NAME + " blas: " + e.getMessage());
                err.flush();
                return Main.BAD_INPUT;
            }
        }
        System.setProperty("chainrule.kernels", kind.name().toLowerCase(Locale.ROOT));
        return 0;
    }
}
