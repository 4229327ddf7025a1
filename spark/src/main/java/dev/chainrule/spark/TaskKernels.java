package dev.chainrule.spark;

import dev.chainrule.tensor.Kernels;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The kernels a Spark task's training work computes with: they split a large matrix product over
 * as many threads as the task owns, {@code spark.task.cpus} (default 1), and no more.
 *
 * <p>Why: Spark runs as many tasks at once on an executor as it has cores divided by
 * {@code spark.task.cpus}, and counts on each task using that many. chainrule's default kernels
 * split every product of 16M multiply-adds or more over a process-wide pool of as many threads as
 * the machine has cores ({@code -Dchainrule.threads}); inside executor tasks that pool would be
 * shared by all the executor's running tasks: each task that gets it runs on every core, on top of
 * the other tasks, and the others find it busy and run on their own thread. Here each task takes
 * kernels with a pool of its own, of {@code spark.task.cpus} threads (the task's thread plus
 * {@code cpus - 1} helpers; none at the default of 1), and hands them back when it ends, for the
 * executor's next task. The results do not change: the Vector API kernels give the same bits for
 * every thread count.
 *
 * <p>What stays as it was: the driver's own work (the optimizer step of synchronous mode, the
 * averaging) runs on the default kernels, with the process's threads; kernels other than the
 * Vector API ones (the plain loops without the module, {@code -Dchainrule.kernels=java} or
 * {@code blas}) are used as they are. Convolution and pooling layers follow the kernels too: they
 * split their groups of examples over {@code Kernels.threads()} threads.
 */
final class TaskKernels {
    /** Idle kernels by thread count, each with its own product pool, for the executor's later tasks. */
    private static final Map<Integer, Queue<Kernels>> IDLE = new ConcurrentHashMap<>();

    private TaskKernels() {
    }

    /**
     * Kernels for the running task, with {@code spark.task.cpus} threads, given back when the task
     * completes; the default kernels outside a task (or when they are not the Vector API ones).
     */
    static Kernels forTask() {
        TaskContext task = TaskContext.get();
        if (task == null || !VectorDefault.IS) {
            return defaultKernels();
        }
        int cpus = Math.max(1, task.cpus());
        Queue<Kernels> idle = IDLE.computeIfAbsent(cpus, c -> new ConcurrentLinkedQueue<>());
        Kernels taken = idle.poll();
        Kernels kernels = taken != null ? taken : Kernels.vector(cpus);
        task.addTaskCompletionListener((TaskCompletionListener) context -> idle.add(kernels));
        return kernels;
    }

    /** The simple class name of the kernels tasks compute with, e.g. {@code VectorKernels}. */
    static String name() {
        return defaultKernels().getClass().getSimpleName();
    }

    private static Kernels defaultKernels() {
        return Kernels.active();
    }

    /** Whether the default kernels are the Vector API ones (the only ones with threads to limit). */
    private static final class VectorDefault {
        static final boolean IS = isVector(defaultKernels());

        private static boolean isVector(Kernels kernels) {
            Kernels vector = Kernels.vector(1);
            return vector != null && vector.getClass() == kernels.getClass();
        }
    }
}
