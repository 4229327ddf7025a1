package dev.chainrule.tensor;
import java.util.concurrent.atomic.AtomicInteger;
public class SplitBench {
    static volatile int go, done;
    public static void main(String[] args) throws Exception {
        Kernels k = Kernels.active();
        Kernels.awaitWarmUp();
        java.util.Random r = new java.util.Random(1);
        Tensor x = Tensor.zeros(DType.FLOAT32, 128, 784), w = Tensor.zeros(DType.FLOAT32, 784, 50), h = Tensor.zeros(DType.FLOAT32, 128, 50);
        Tensor g = Tensor.zeros(DType.FLOAT32, 128, 50);
        for (int i = 0; i < x.floats().length; i++) x.floats()[i] = r.nextFloat();
        for (int i = 0; i < w.floats().length; i++) w.floats()[i] = r.nextFloat() * 0.01f;
        for (int i = 0; i < g.floats().length; i++) g.floats()[i] = r.nextFloat() * 0.01f;
        Tensor[] sl = new Tensor[4]; for (int i = 0; i < 4; i++) sl[i] = Tensor.zeros(DType.FLOAT32, 128, 50);
        Runnable main = () -> k.gemmInner(x, w, h, 0, 384, false);
        Runnable helperF = () -> { for (int s = 0; s < 4; s++) { int a = 384 + s * 128; k.gemmInner(x, w, sl[s], a, Math.min(784, a + 128), false); } };
        Runnable full = () -> k.gemm(x, false, w, false, h, false);
        Runnable stepMain = () -> k.gemmStepRows(-1e-9, x, true, g, false, w, 0, 384);
        Runnable stepHelp = () -> k.gemmStepRows(-1e-9, x, true, g, false, w, 384, 784);
        Runnable stepFull = () -> k.gemmStep(-1e-9, x, true, g, false, w);
        final Runnable[] job = new Runnable[1];
        Thread t = new Thread(() -> { int seen = 0; while (true) { while (go == seen) Thread.onSpinWait(); seen = go; job[0].run(); done = seen; } });
        t.setDaemon(true); t.start();
        int n = 2000;
        for (int round = 0; round < 4; round++) {
            System.out.printf("full %.1f | band0 %.1f | 4 slices %.1f | both %.1f || stepFull %.1f | step0 %.1f | step1 %.1f | both %.1f%n",
                time(full, n), time(main, n), time(helperF, n), both(main, helperF, job, n),
                time(stepFull, n), time(stepMain, n), time(stepHelp, n), both(stepMain, stepHelp, job, n));
        }
    }
    static double time(Runnable x, int n) { for (int i = 0; i < 200; i++) x.run(); long t = System.nanoTime(); for (int i = 0; i < n; i++) x.run(); return (System.nanoTime() - t) / 1e3 / n; }
    static double both(Runnable a, Runnable b, Runnable[] job, int n) {
        job[0] = b;
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) { int gen = go + 1; go = gen; a.run(); while (done != gen) Thread.onSpinWait(); }
        return (System.nanoTime() - t) / 1e3 / n;
    }
}
