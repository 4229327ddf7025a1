package dev.chainrule.bench;

import dev.chainrule.data.DataOptions;
import dev.chainrule.data.DataSource;
import dev.chainrule.data.LoadedData;
import dev.chainrule.loss.SoftmaxCrossEntropy;
import dev.chainrule.metrics.Accuracy;
import dev.chainrule.model.Sequential;
import dev.chainrule.optim.Sgd;
import dev.chainrule.tensor.Kernels;
import dev.chainrule.tensor.Tensor;
import dev.chainrule.train.History;
import dev.chainrule.train.Trainer;
import dev.chainrule.train.TrainingConfig;
import dev.chainrule.train.TrainingListener;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training epoch goes, kernel call by kernel call: trains 784-HIDDEN-10 as
 * {@code chainrule bench train} does (same network, seed, data, SGD lr 0.1, batches of 128), with
 * the model's kernels behind a timing proxy, and prints for each kernel call of a batch (method
 * and shapes) its time inside training (median and mean over the epoch's batches), then the
 * same call alone (its last arguments, repeated), then inside a replay of the last batch's whole
 * sequence of calls (the same batch again and again). The rest of a batch (trainer, callbacks,
 * gather of rows outside the kernels) is the batch's time less its kernel calls.
 *
 * <p>With REPEATS 0 (the timeline), no proxy: the model keeps its own kernels and, when the CLI's
 * jar is on the class path, the CLI's training warm-up runs while the data load, as in
 * {@code chainrule bench train}. Both modes print the batches' times (deciles, means of each 50 in
 * order, the first ten), the JIT's and GC's totals every 50 batches, the threads' CPU time; the
 * timeline also a cache line's round trip between two threads and a register-only loop every 25
 * batches (where the two virtual CPUs sit against each other, and the core's own speed).
 * {@code -DepochParts.awaitAll=true}: wait for the whole kernel warm-up, then 1 s, before the epoch.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.chainrule.bench.EpochParts [DATA] [HIDDEN] [REPEATS]
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar:cli/target/chainrule.jar dev.chainrule.bench.EpochParts DATA 1024,1024 0
 * </pre>
 *
 * DATA defaults to fashion-mnist, HIDDEN to 1024,1024, REPEATS (calls alone, replays) to 200.
 */
public final class EpochParts {
    private EpochParts() {
    }

    /** One kernel call's arguments and the method it went to. */
    private record Call(Method method, Object[] args, String key) {
    }

    /** The times of one kind of call (method and shapes). */
    private static final class Times {
        final List<Long> training = new ArrayList<>();
        final List<Long> replay = new ArrayList<>();
        long[] alone = new long[0];
    }

    private static final class Timing implements InvocationHandler {
        final Kernels base;
        final Map<String, Times> times = new LinkedHashMap<>();
        boolean recording;
        List<Call> batch = new ArrayList<>();
        List<Call> lastFull = List.of();
        long kernelNanos;

        Timing(Kernels base) {
            this.base = base;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            long t0 = System.nanoTime();
            Object r;
            try {
                r = m.invoke(base, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            long dt = System.nanoTime() - t0;
            if (recording && m.getDeclaringClass() != Object.class && !m.getName().equals("threads")) {
                String key = key(m, args);
                times.computeIfAbsent(key, k -> new Times()).training.add(dt);
                batch.add(new Call(m, args, key));
                kernelNanos += dt;
            }
            return r;
        }
    }

    static String key(Method m, Object[] args) {
        StringBuilder sb = new StringBuilder(m.getName()).append('(');
        for (int i = 0; args != null && i < args.length; i++) {
            Object a = args[i];
            if (i > 0) {
                sb.append(',');
            }
            if (a instanceof Tensor t) {
                sb.append(t.rows()).append('x').append(t.cols());
            } else if (a instanceof Boolean b) {
                sb.append(b ? 'T' : 'F');
            } else if (a instanceof Tensor[] || a == null) {
                sb.append('-');
            } else {
                sb.append(a);
            }
        }
        return sb.append(')').toString();
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String data = args.length > 0 ? args[0] : "fashion-mnist";
        int[] hidden = Arrays.stream((args.length > 1 ? args[1] : "1024,1024").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Kernels base = Kernels.active();
        boolean timeline = repeats == 0; // no proxy: the batches' times only, after the CLI's warm-up when found
        Class<?> cliWarmUp = null;
        if (timeline) {
            try {
                cliWarmUp = Class.forName("dev.chainrule.cli.TrainingWarmUp");
                Method m = cliWarmUp.getDeclaredMethod("startInBackground");
                m.setAccessible(true);
                m.invoke(null);
            } catch (ClassNotFoundException e) {
                cliWarmUp = null;
            }
        }
        Timing timing = new Timing(base);
        Kernels timed = timeline ? base : (Kernels) Proxy.newProxyInstance(EpochParts.class.getClassLoader(),
                new Class<?>[] {Kernels.class}, timing);
        Sequential.Builder b = Sequential.builder(784).seed(0).kernels(timed);
        for (int h : hidden) {
            b.dense(h).relu();
        }
        Sequential model = b.dense(10).loss(new SoftmaxCrossEntropy()).build();
        LoadedData loaded = DataSource.load(data, DataOptions.defaults());
        if (cliWarmUp != null) {
            Method m = cliWarmUp.getDeclaredMethod("stop");
            m.setAccessible(true);
            m.invoke(null);
        } else {
            Kernels.awaitWarmUp();
        }
        if (Boolean.getBoolean("epochParts.awaitAll")) { // the whole kernel warm-up (rectifier too), then 1 s
            Method m = Class.forName("dev.chainrule.tensor.KernelWarmUp").getDeclaredMethod("awaitAll");
            m.setAccessible(true);
            m.invoke(null);
            Thread.sleep(1000);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Thread helper = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("chainrule-gemm-1")).findFirst().orElse(null);
        long[] cpuAtStart = new long[2];
        Thread warmUp = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("chainrule-kernel-warmup")).findFirst().orElse(null);
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        List<java.lang.management.GarbageCollectorMXBean> gcs =
                java.lang.management.ManagementFactory.getGarbageCollectorMXBeans();
        int[] warmUpEnded = {-1};
        List<Long> jitMillis = new ArrayList<>();
        List<Long> canary = new ArrayList<>();
        List<Long> roundTrips = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            registerLoop(); // compiled before the epoch
        }
        List<Long> gcMillis = new ArrayList<>();
        long[] batchStart = new long[1];
        List<Long> batchNanos = new ArrayList<>();
        long[] kernelAtStart = new long[1];
        List<Long> outsideNanos = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpochStart(int epoch) {
                timing.recording = !timeline;
                cpuAtStart[0] = threads.getCurrentThreadCpuTime();
                cpuAtStart[1] = helper == null ? 0 : threads.getThreadCpuTime(helper.getId());
                batchStart[0] = System.nanoTime();
                kernelAtStart[0] = timing.kernelNanos;
            }

            @Override
            public void onBatchEnd(int epoch, int batch, int batchSize, double loss) {
                long now = System.nanoTime();
                long wall = now - batchStart[0];
                if (batchSize == 128) {
                    batchNanos.add(wall);
                    outsideNanos.add(wall - (timing.kernelNanos - kernelAtStart[0]));
                    timing.lastFull = timing.batch;
                }
                timing.batch = new ArrayList<>();
                if (warmUpEnded[0] < 0 && (warmUp == null || !warmUp.isAlive())) {
                    warmUpEnded[0] = batch;
                }
                if (batch % 25 == 0) {
                    long t = System.nanoTime();
                    registerLoop();
                    canary.add(System.nanoTime() - t);
                    roundTrips.add(roundTrip(2000));
                }
                if (batch % 50 == 0 || batch == 1) {
                    jitMillis.add(jit.getTotalCompilationTime());
                    gcMillis.add(gcs.stream().mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
                            .sum());
                }
                batchStart[0] = System.nanoTime();
                kernelAtStart[0] = timing.kernelNanos;
            }
        };
        long start = System.nanoTime();
        History history = new Trainer(model, new Sgd(0.1), TrainingConfig.miniBatch(1, 128, 0)).addListener(listener)
                .fit(loaded.train());
        double seconds = (System.nanoTime() - start) / 1e9;
        double mainCpu = (threads.getCurrentThreadCpuTime() - cpuAtStart[0]) / 1e9;
        double helperCpu = helper == null ? 0 : (threads.getThreadCpuTime(helper.getId()) - cpuAtStart[1]) / 1e9;
        timing.recording = false;
        double accuracy = Accuracy.of(model.predict(loaded.test().features()), loaded.test().targets());
        System.out.printf("%s, %s: epoch %.3f s, loss %.4f, accuracy %.4f, %d full batches%n", base,
                Arrays.toString(hidden), seconds, history.last().trainLoss(), accuracy, batchNanos.size());
        System.out.printf("per batch: %.3f ms median, %.3f mean; outside the kernels %.3f median, %.3f mean%n",
                ms(median(batchNanos)), ms(mean(batchNanos)), ms(median(outsideNanos)), ms(mean(outsideNanos)));

        long[] sorted = batchNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        StringBuilder deciles = new StringBuilder("batch ms, deciles:");
        for (int d = 0; d <= 10; d++) {
            deciles.append(String.format(" %.2f", ms(sorted[Math.min(sorted.length - 1, d * sorted.length / 10)])));
        }
        System.out.println(deciles);
        StringBuilder groups = new StringBuilder("batch ms, mean of each 50 in order:");
        for (int g = 0; g < batchNanos.size(); g += 50) {
            groups.append(String.format(" %.2f", ms(mean(batchNanos.subList(g, Math.min(batchNanos.size(), g + 50))))));
        }
        System.out.println(groups);
 System.out.println("a cache line's round trip between two threads every 25 batches, ns: " + roundTrips);
        System.out.println("a register-only loop (the same work each time) every 25 batches, us: " + canary.stream()
                .map(v -> String.format("%.0f", v / 1e3)).toList());
        System.out.println("first 10 batches, ms: " + batchNanos.subList(0, 10).stream()
                .map(v -> String.format("%.1f", ms(v))).toList());
        System.out.println("JIT compile ms (total at batch 1, 50, 100, ...): " + jitMillis + "; GC ms: " + gcMillis
                + "; kernel warm-up thread " + (warmUp == null ? "not found" : "ended by batch " + warmUpEnded[0]));
        System.out.printf("CPU in the epoch: main %.3f s, gemm helper %.3f s%s%n", mainCpu,
                helperCpu, cliWarmUp != null ? "; after the CLI's training warm-up" : "");
        if (timeline) {
            return;
        }
        System.out.println("a cache line's round trip between two threads after the epoch: " + roundTrip(20_000)
                + " ns");
        // the last full batch's sequence, again and again (the same batch)
        List<Call> sequence = lastFullBatch(timing);
        for (int r = 0; r < repeats; r++) {
            for (Call c : sequence) {
                long t0 = System.nanoTime();
                invoke(base, c);
                long dt = System.nanoTime() - t0;
                if (r >= repeats / 4) {
                    timing.times.get(c.key).replay.add(dt);
                }
            }
        }
        // each call alone, repeated (a fused step into a copy of the weights)
        for (Call c : sequence) {
            Object[] a = c.args.clone();
            if (c.method.getName().equals("gemmStep")) {
                a[5] = ((Tensor) a[5]).copy();
            }
            Call alone = new Call(c.method, a, c.key);
            long[] ns = new long[repeats];
            for (int r = 0; r < repeats / 4; r++) {
                invoke(base, alone);
            }
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                invoke(base, alone);
                ns[r] = System.nanoTime() - t0;
            }
            timing.times.get(c.key).alone = ns;
        }
        System.out.printf("%-58s %6s %9s %9s %9s %9s %9s%n", "call (shapes of its tensors)", "calls", "train med",
                "train mean", "replay", "alone", "train/alone");
        double trainSum = 0;
        double replaySum = 0;
        double aloneSum = 0;
        for (Call c : sequence) {
            Times t = timing.times.get(c.key);
            if (t.alone.length == 0) {
                continue; // counted once per kind
            }
            int perBatch = (int) sequence.stream().filter(x -> x.key.equals(c.key)).count();
            double tm = mean(t.training) * perBatch;
            double rp = median(t.replay) * perBatch;
            double al = median(t.alone) * perBatch;
            trainSum += tm;
            replaySum += rp;
            aloneSum += al;
            System.out.printf("%-58s %6d %9.3f %9.3f %9.3f %9.3f %9.2f%n", abbreviate(c.key), t.training.size(),
                    ms(median(t.training) * perBatch), ms(tm), ms(rp), ms(al), tm / al);
            t.alone = new long[0];
        }
        System.out.printf("%-58s %6s %9s %9.3f %9.3f %9.3f %9.2f  (ms per batch; train = mean)%n", "all kernel calls",
                "", "", ms(trainSum), ms(replaySum), ms(aloneSum), trainSum / aloneSum);
    }

    /** Median nanoseconds of a cache line's round trip between this thread and a new one ({@code rounds} trips). */
    static long roundTrip(int rounds) {
        java.util.concurrent.atomic.AtomicInteger flag = new java.util.concurrent.atomic.AtomicInteger();
        Thread other = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                while (flag.get() != 2 * i + 1) {
                    Thread.onSpinWait();
                }
                flag.set(2 * i + 2);
            }
        });
        other.setDaemon(true);
        other.start();
        long[] ns = new long[rounds / 100];
        long t = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            flag.set(2 * i + 1);
            while (flag.get() != 2 * i + 2) {
                Thread.onSpinWait();
            }
            if (i % 100 == 99) {
                long now = System.nanoTime();
                ns[i / 100] = (now - t) / 100;
                t = now;
            }
        }
        Arrays.sort(ns);
        return ns[ns.length / 2];
    }

    private static double registerSink;

    /** 200,000 dependent multiply-adds in 4 chains on registers only: the core's own speed (no memory). */
    private static void registerLoop() {
        double a = 1;
        double b = 2;
        double c = 3;
        double d = 4;
        for (int i = 0; i < 50_000; i++) {
            a = Math.fma(a, 0.999999, 1e-9);
            b = Math.fma(b, 0.999999, 1e-9);
            c = Math.fma(c, 0.999999, 1e-9);
            d = Math.fma(d, 0.999999, 1e-9);
        }
        registerSink += a + b + c + d;
    }

    private static List<Call> lastFullBatch(Timing timing) {
        return timing.lastFull;
    }

    private static void invoke(Kernels k, Call c) throws Exception {
        c.method.invoke(k, c.args);
    }

    private static String abbreviate(String s) {
        return s.length() <= 58 ? s : s.substring(0, 55) + "...";
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }

    private static double median(List<Long> v) {
        long[] a = v.stream().mapToLong(Long::longValue).toArray();
        return median(a);
    }

    private static double median(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s[s.length / 2];
    }

    private static double mean(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
    }
}
