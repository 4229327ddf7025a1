package dev.chainrule.tensor;
import java.util.*;
import java.util.concurrent.locks.LockSupport;
/** Two-core column split of MLP-S's first layer: helper owns W[:, s:n], main W[:, 0:s] and the rest. */
public class SplitProto {
  static final int N = 60000, D = 784, B = 128, H = 50;
  static volatile int hReady, gReady, go; // batch counters
  static volatile int goFrom;
  static long tg,tf,tw,ts; static volatile long hg,hf,hw,hs; static float[] data; static int[] order;
  static byte[] codes; static boolean BYTES = Boolean.getBoolean("bytes");
  static final jdk.incubator.vector.VectorSpecies<Byte> BS = jdk.incubator.vector.ByteVector.SPECIES_128;
  static void gatherB(float[] x, int from) { for (int i = 0; i < B; i++) { int o = order[from + i] * D, p = i * D; int j = 0;
    for (; j + 16 <= D; j += 16) { var bv = jdk.incubator.vector.ByteVector.fromArray(BS, codes, o + j);
      var iv = ((jdk.incubator.vector.IntVector) bv.convertShape(jdk.incubator.vector.VectorOperators.B2I, jdk.incubator.vector.IntVector.SPECIES_512, 0)).and(0xff);
      ((jdk.incubator.vector.FloatVector) iv.convert(jdk.incubator.vector.VectorOperators.I2F, 0)).div(255f).intoArray(x, p + j); }
    for (; j < D; j++) x[p + j] = (codes[o + j] & 0xff) / 255f; } }
  static void gather(float[] x, int from) { if (BYTES) { gatherB(x, from); return; } for (int i = 0; i < B; i++) System.arraycopy(data, order[from + i] * D, x, i * D, D); }
  static void spinUntil(java.util.function.IntSupplier c, int v) { int s = 0; while (c.getAsInt() < v) { if (++s > 20000) LockSupport.parkNanos(1000); else Thread.onSpinWait(); } }
  static void rest(long ns) { long t = System.nanoTime(); while (System.nanoTime() - t < ns) Thread.onSpinWait(); }
  public static void main(String[] a) throws Exception {
    int split = Integer.getInteger("split", 18); long restNs = Long.getLong("rest", 25000);
    Kernels k = Kernels.active(); Kernels.awaitWarmUp();
    Random r = new Random(1); data = new float[N * D]; codes = new byte[N * D]; for (int i = 0; i < data.length; i++) { codes[i] = (byte) r.nextInt(256); data[i] = (codes[i] & 0xff) / 255f; }
    order = new int[N]; for (int i = 0; i < N; i++) order[i] = i;
    int nb = N / B;
    // single thread
    Tensor x = Tensor.zeros(DType.FLOAT32, B, D), w = Tensor.zeros(DType.FLOAT32, D, H), h = Tensor.zeros(DType.FLOAT32, B, H), g = Tensor.zeros(DType.FLOAT32, B, H);
    for (int i = 0; i < w.floats().length; i++) w.floats()[i] = r.nextFloat() * 0.01f;
    for (int i = 0; i < g.floats().length; i++) g.floats()[i] = r.nextFloat() * 0.01f;
    int sa = split, sb = H - split;
    Tensor xa = Tensor.zeros(DType.FLOAT32, B, D), wa = Tensor.zeros(DType.FLOAT32, D, sa), ha = Tensor.zeros(DType.FLOAT32, B, sa), ga = Tensor.zeros(DType.FLOAT32, B, sa);
    Tensor xb = Tensor.zeros(DType.FLOAT32, B, D), wb = Tensor.zeros(DType.FLOAT32, D, sb), hb = Tensor.zeros(DType.FLOAT32, B, sb), gb = Tensor.zeros(DType.FLOAT32, B, sb);
    Thread helper = new Thread(() -> {
      for (int it = 1; ; it++) {
        spinUntil(() -> go, it); int from = goFrom; if (from < 0) return;
        long p0=System.nanoTime(); gather(xb.floats(), from);
        long p1=System.nanoTime(); k.gemm(xb, false, wb, false, hb, false);
        long p2=System.nanoTime(); hReady = it;
        spinUntil(() -> gReady, it);
        long p3=System.nanoTime(); k.gemmStep(-1e-9, xb, true, gb, false, wb); long p4=System.nanoTime();
        hg+=p1-p0; hf+=p2-p1; hw+=p3-p2; hs+=p4-p3;
      }
    });
    helper.setDaemon(true); helper.start();
    int it = 0;
    for (int rep = 0; rep < 10; rep++) {
      Collections.shuffle(Arrays.asList(new Integer[0]));
      for (int i = N - 1; i > 0; i--) { int j = r.nextInt(i + 1); int t = order[i]; order[i] = order[j]; order[j] = t; }
      long t0 = System.nanoTime();
      BYTES = false; for (int b = 0; b < nb; b++) { gather(x.floats(), b * B); k.gemm(x, false, w, false, h, false); rest(restNs); k.gemmStep(-1e-9, x, true, g, false, w); }
      BYTES = Boolean.getBoolean("bytes"); long t1 = System.nanoTime(); tg=tf=tw=ts=0; hg=hf=hw=hs=0;
      for (int b = 0; b < nb; b++) {
        it++; goFrom = b * B; go = it;
        long p0=System.nanoTime(); gather(xa.floats(), b * B);
        long p1=System.nanoTime(); k.gemm(xa, false, wa, false, ha, false);
        long p2=System.nanoTime(); spinUntil(() -> hReady, it); long p3=System.nanoTime();
        tg+=p1-p0; tf+=p2-p1; tw+=p3-p2;
        // assemble h = [ha | hb]
        float[] hf = h.floats(), haf = ha.floats(), hbf = hb.floats();
        for (int i = 0; i < B; i++) { System.arraycopy(haf, i * sa, hf, i * H, sa); System.arraycopy(hbf, i * sb, hf, i * H + sa, sb); }
        rest(restNs);
        float[] gf = g.floats(), gaf = ga.floats(), gbf = gb.floats();
        for (int i = 0; i < B; i++) { System.arraycopy(gf, i * H, gaf, i * sa, sa); System.arraycopy(gf, i * H + sa, gbf, i * sb, sb); }
        gReady = it;
        long p4=System.nanoTime(); k.gemmStep(-1e-9, xa, true, ga, false, wa); ts+=System.nanoTime()-p4;
      }
      long t2 = System.nanoTime();
      System.out.printf("main gather %.1f fwd %.1f wait %.1f step %.1f | helper gather %.1f fwd %.1f wait %.1f step %.1f%n", tg/1e3/nb, tf/1e3/nb, tw/1e3/nb, ts/1e3/nb, hg/1e3/nb, hf/1e3/nb, hw/1e3/nb, hs/1e3/nb);
      System.out.printf("single %.1f us/batch, split %.1f us/batch%n", (t1 - t0) / 1e3 / nb, (t2 - t1) / 1e3 / nb);
    }
  }
}
