package dev.chainrule.tensor;
public class OutBench {
    public static void main(String[] args) throws Exception {
        Kernels k = Kernels.active();
        Kernels.awaitWarmUp();
        java.util.Random r = new java.util.Random(1);
        Tensor h = Tensor.zeros(DType.FLOAT32, 128, 50), w = Tensor.zeros(DType.FLOAT32, 50, 10), o = Tensor.zeros(DType.FLOAT32, 128, 10), g = Tensor.zeros(DType.FLOAT32, 128, 10), dx = Tensor.zeros(DType.FLOAT32, 128, 50);
        for (int i = 0; i < h.floats().length; i++) h.floats()[i] = r.nextFloat();
        for (int i = 0; i < g.floats().length; i++) g.floats()[i] = r.nextFloat() * 0.01f;
        for (int round = 0; round < 5; round++) {
            double f = time(() -> k.gemm(h, false, w, false, o, false), 20000);
            double s = time(() -> k.gemmStep(-1e-9, h, true, g, false, w), 20000);
            double d = time(() -> k.gemm(g, false, w, true, dx, false), 20000);
            System.out.printf("128x50 by 50x10: fwd %.2f us, step %.2f us, input gradient %.2f us%n", f, s, d);
        }
    }
    static double time(Runnable x, int n) { for (int i = 0; i < 2000; i++) x.run(); long t = System.nanoTime(); for (int i = 0; i < n; i++) x.run(); return (System.nanoTime() - t) / 1e3 / n; }
}
