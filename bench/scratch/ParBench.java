package dev.chainrule.tensor;
public class ParBench {
  public static void main(String[] a) throws Exception {
    Kernels k = Kernels.active(); Kernels.awaitWarmUp();
    int n = Integer.getInteger("n", 64);
    for (int round = 0; round < 4; round++) {
      double one = run(k, 1, n), two = run(k, 2, n);
      System.out.printf("n=%d one thread %.1f us/product, two threads %.1f us/product each%n", n, one, two);
    }
  }
  static double run(Kernels k, int threads, int n) throws Exception {
    double[] res = new double[threads];
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      final int id = t;
      ts[t] = new Thread(() -> {
        Tensor x = Tensor.zeros(DType.FLOAT32, 128, 784), w = Tensor.zeros(DType.FLOAT32, 784, n), h = Tensor.zeros(DType.FLOAT32, 128, n);
        for (int i = 0; i < x.floats().length; i++) x.floats()[i] = (i % 13) * 0.1f;
        for (int i = 0; i < 500; i++) k.gemm(x, false, w, false, h, false);
        long t0 = System.nanoTime();
        for (int i = 0; i < 4000; i++) k.gemm(x, false, w, false, h, false);
        res[id] = (System.nanoTime() - t0) / 1e3 / 4000;
      });
    }
    for (Thread t : ts) t.start();
    for (Thread t : ts) t.join();
    double s = 0; for (double r : res) s += r; return s / threads;
  }
}
