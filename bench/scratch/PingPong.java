import java.util.concurrent.atomic.AtomicLong;
public class PingPong {
    static volatile long a, b;
    public static void main(String[] x) throws Exception {
        int n = 2_000_000;
        Thread t = new Thread(() -> { for (long i = 1; i <= n; i++) { while (a != i) Thread.onSpinWait(); b = i; } });
        t.start();
        long s = System.nanoTime();
        for (long i = 1; i <= n; i++) { a = i; while (b != i) Thread.onSpinWait(); }
        long e = System.nanoTime();
        t.join();
        System.out.printf("round trip %.0f ns%n", (e - s) / (double) n);
        // bandwidth: thread writes 400 KB, other reads it
        float[] buf = new float[100_000];
        final float[][] box = {buf};
        for (int r = 0; r < 5; r++) {
            Thread w = new Thread(() -> { for (int i = 0; i < buf.length; i++) buf[i] = i; });
            w.start(); w.join();
            long q = System.nanoTime(); float sum = 0; for (int i = 0; i < buf.length; i++) sum += buf[i]; long q2 = System.nanoTime();
            long q3 = System.nanoTime(); float sum2 = 0; for (int i = 0; i < buf.length; i++) sum2 += buf[i]; long q4 = System.nanoTime();
            System.out.printf("read 400 KB written by another thread: %.1f us; again (own cache): %.1f us (%f)%n", (q2 - q) / 1e3, (q4 - q3) / 1e3, sum + sum2);
        }
    }
}
