package dev.chainrule.tensor;
public class FwdBench {
    public static void main(String[] args) throws Exception {
        Kernels k = Kernels.active();
        Kernels.awaitWarmUp();
        java.util.Random r = new java.util.Random(1);
        int[] ns = {50, 64, 48};
        for (int round = 0; round < 4; round++) {
            StringBuilder sb = new StringBuilder();
            for (int n : ns) {
                Tensor x = Tensor.zeros(DType.FLOAT32, 128, 784), w = Tensor.zeros(DType.FLOAT32, 784, n), h = Tensor.zeros(DType.FLOAT32, 128, n), g = Tensor.zeros(DType.FLOAT32, 128, n);
                for (int i = 0; i < x.floats().length; i++) x.floats()[i] = r.nextFloat();
                for (int i = 0; i < w.floats().length; i++) w.floats()[i] = r.nextFloat() * 0.01f;
                for (int i = 0; i < g.floats().length; i++) g.floats()[i] = r.nextFloat() * 0.01f;
                Runnable f = () -> k.gemm(x, false, w, false, h, false);
                Runnable s = () -> k.gemmStep(-1e-9, x, true, g, false, w);
                sb.append(String.format("n=%d fwd %.1f step %.1f | ", n, time(f, 3000), time(s, 3000)));
            }
            System.out.println(sb);
        }
    }
    static double time(Runnable x, int n) { for (int i = 0; i < 300; i++) x.run(); long t = System.nanoTime(); for (int i = 0; i < n; i++) x.run(); return (System.nanoTime() - t) / 1e3 / n; }
}
