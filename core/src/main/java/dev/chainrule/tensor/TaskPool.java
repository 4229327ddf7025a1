package dev.chainrule.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs numbered tasks of one job on a few daemon threads and the caller, without allocating per
 * job: the caller publishes the job, bumps a generation counter, and every participant takes
 * task numbers from one counter until none are left. Which thread runs a task is left to chance,
 * so a job's tasks must not depend on each other, and each writes only its own outputs (plus
 * scratch space chosen by the {@code worker} number it is given); then the results do not
 * depend on the thread count.
 *
 * <p>One job at a time: a caller that finds the pool busy (another thread's job in flight) runs
 * all its tasks itself. Threads: {@code -Dchainrule.threads=N}, default the available
 * processors, as for the matrix products.
 */
public final class TaskPool {
    /** What a job does for task {@code task}, on the participant numbered {@code worker} (0 is the caller). */
    @FunctionalInterface
    public interface Job {
        /**
         * Runs task {@code task} on worker {@code worker}.
         *
         * @param task the 0-based task
         * @param worker the 0-based worker thread
         */
        void run(int task, int worker);
    }

    /**
     * Spins before a waiting thread parks ({@code -Dchainrule.tasks.spins=N}). Few: a training
     * batch has a handful of jobs, each of milliseconds, so parking costs little, while a worker
     * spinning between jobs takes a core the caller's single-threaded work (pooling, the
     * activations, the loss) could use.
     */
    private static final int SPINS = Integer.getInteger("chainrule.tasks.spins", 200);
    private static volatile TaskPool shared;
    /** Jobs of any pool now running on more than one thread (see {@link #anyRunning()}). */
    private static final java.util.concurrent.atomic.AtomicInteger RUNNING = new java.util.concurrent.atomic.AtomicInteger();

    private static final java.util.concurrent.ConcurrentHashMap<Integer, TaskPool> BY_COUNT =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final int threads;
    private final Thread[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile Thread caller;
    private volatile Throwable failure;
    private Job job;
    private int tasks;

    /**
     * A pool of {@code threads} participants: the caller and {@code threads - 1} daemon threads.
     *
     * @param threads the number of threads, at least 1
     */
    public TaskPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a task pool needs at least one thread, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int worker = i + 1;
            Thread t = new Thread(() -> work(worker), "chainrule-task-" + worker);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /**
     * The process-wide pool ({@code -Dchainrule.threads=N}, default the available processors).
     *
     * @return the process-wide pool ({@code -Dchainrule.threads=N}, default the available processors)
     */
    public static TaskPool shared() {
        TaskPool p = shared;
        if (p == null) {
            synchronized (TaskPool.class) {
                p = shared;
                if (p == null) {
                    int n = Integer.getInteger("chainrule.threads", Runtime.getRuntime().availableProcessors());
                    p = new TaskPool(Math.max(1, n));
                    shared = p;
                }
            }
        }
        return p;
    }

    /**
     * A pool of {@code threads} participants kept for the process: the {@linkplain #shared()
     * shared} one when the counts agree, else one made on first use for that count and handed
     * out from then on (its threads are daemons, parked between jobs).
     *
     * @param threads the number of threads, at least 1
     * @return a pool of that many threads
     */
    public static TaskPool withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a task pool needs at least one thread, got " + threads);
        }
        TaskPool s = shared();
        return threads == s.threads() ? s : BY_COUNT.computeIfAbsent(threads, TaskPool::new);
    }

    /**
     * Participants, the caller included: the largest {@code worker} number a job sees is {@code threads() - 1}.
     *
     * @return the threads
     */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code job} for tasks {@code 0 .. tasks - 1} and returns when all are done; rethrows a task's failure.
     *
     * @param tasks the number of tasks
     * @param job the work of one task
     */
    public void run(int tasks, Job job) {
        if (tasks <= 0) {
            return;
        }
        if (tasks == 1 || workers.length == 0 || !busy.compareAndSet(false, true)) {
            for (int t = 0; t < tasks; t++) {
                job.run(t, 0);
            }
            return;
        }
        RUNNING.incrementAndGet();
        try {
            this.job = job;
            this.tasks = tasks;
            this.failure = null;
            this.caller = Thread.currentThread();
            next.set(0);
            pending.set(workers.length);
            generation = generation + 1;
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            try {
                drain(0);
            } finally {
                int spins = 0;
                while (pending.get() != 0) {
                    if (++spins < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                this.job = null;
            }
            Throwable f = failure;
            if (f != null) {
                failure = null;
                if (f instanceof RuntimeException e) {
                    throw e;
                }
                if (f instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(f);
            }
        } finally {
            busy.set(false);
            RUNNING.decrementAndGet();
        }
    }

    /**
     * Whether a job of any pool is running on more than one thread now: the vector kernels then
     * keep mid-sized products on the calling thread (a convolution's groups already use the cores;
     * measured on CNN-S, splitting its products as well was slower).
     */
    static boolean anyRunning() {
        return RUNNING.get() != 0;
    }

    private void drain(int worker) {
        Job j = job;
        int n = tasks;
        for (int t = next.getAndIncrement(); t < n; t = next.getAndIncrement()) {
            j.run(t, worker);
        }
    }

    private void work(int worker) {
        int seen = 0;
        while (true) {
            int spins = 0;
            int g;
            while ((g = generation) == seen) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = g;
            try {
                drain(worker);
            } catch (Throwable t) {
                failure = t;
                next.set(Integer.MAX_VALUE / 2); // the others stop taking tasks
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }
}
