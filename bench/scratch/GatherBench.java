import java.util.*;
import jdk.incubator.vector.*;
public class GatherBench {
  public static void main(String[] a) {
    int n = Integer.getInteger("n", 60000), d = 784, B = 128;
    Random r = new Random(1);
    byte[] bytes = new byte[n * d]; r.nextBytes(bytes);
    float[] fl = new float[n * d];
    for (int i = 0; i < fl.length; i++) fl[i] = (bytes[i] & 0xff) / 255f;
    float[] x = new float[B * d];
    int[] order = new int[n]; for (int i = 0; i < n; i++) order[i] = i;
    for (int rep = 0; rep < 8; rep++) {
      for (int i = n - 1; i > 0; i--) { int j = r.nextInt(i + 1); int t = order[i]; order[i] = order[j]; order[j] = t; }
      long t0 = System.nanoTime();
      for (int b = 0; b + B <= n; b += B) for (int i = 0; i < B; i++) System.arraycopy(fl, order[b + i] * d, x, i * d, d);
      long t1 = System.nanoTime();
      for (int b = 0; b + B <= n; b += B) for (int i = 0; i < B; i++) { int o = order[b + i] * d, p = i * d; for (int j = 0; j < d; j++) x[p + j] = (bytes[o + j] & 0xff) / 255f; }
      long t2 = System.nanoTime();
      for (int b = 0; b + B <= n; b += B) for (int i = 0; i < B; i++) vec(bytes, order[b + i] * d, x, i * d, d);
      long t3 = System.nanoTime();
      int nb = n / B;
      System.out.printf("float copy %.1f us/batch, scalar bytes %.1f, vector bytes %.1f%n", (t1 - t0) / 1e3 / nb, (t2 - t1) / 1e3 / nb, (t3 - t2) / 1e3 / nb);
    }
    // check bits
    vec(bytes, 0, x, 0, d); for (int j = 0; j < d; j++) if (Float.floatToRawIntBits(x[j]) != Float.floatToRawIntBits(fl[j])) throw new AssertionError(j);
    System.out.println("bits ok");
  }
  static final VectorSpecies<Byte> BS = ByteVector.SPECIES_128;
  static final VectorSpecies<Float> FS = FloatVector.SPECIES_512;
  static void vec(byte[] s, int o, float[] x, int p, int d) {
    int j = 0;
    for (; j + 16 <= d; j += 16) {
      ByteVector b = ByteVector.fromArray(BS, s, o + j);
      IntVector iv = (IntVector) b.convertShape(VectorOperators.B2I, IntVector.SPECIES_512, 0);
      iv = iv.and(0xff);
      FloatVector f = (FloatVector) iv.convert(VectorOperators.I2F, 0);
      f.div(255f).intoArray(x, p + j);
    }
    for (; j < d; j++) x[p + j] = (s[o + j] & 0xff) / 255f;
  }
}
