package dev.chainrule.data;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The embedded default data set: 1,797 UCI handwritten digits, 8x8 pixels valued 0..16
 * (scaled here to [0, 1] by dividing by 16), ten classes {@code "0"..."9"}. Source: UCI
 * "Optical Recognition of Handwritten Digits" (E. Alpaydin, C. Kaynak), CC BY 4.0.
 */
public final class BuiltinDigits {
    /** Pixels per image. */
    public static final int PIXELS = 64;
    /** Largest pixel value in the file. */
    public static final double MAX_PIXEL = 16.0;

    private BuiltinDigits() {
    }

    /**
     * Loads all 1,797 digits as {@code [1797, 64]} features and one-hot {@code [1797, 10]} targets.
     *
     * @param dtype the element type of the tensors
     * @return the dataset
     */
    public static Dataset load(DType dtype) {
        String resource = "digits.csv.gz";
        try (InputStream raw = BuiltinDigits.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("the embedded digits data set is missing from the jar (" + resource + ")");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
            List<int[]> rows = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",");
                int[] values = new int[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    values[i] = Integer.parseInt(fields[i].trim());
                }
                rows.add(values);
            }
            Tensor x = Tensor.zeros(dtype, rows.size(), PIXELS);
            Tensor t = Tensor.zeros(dtype, rows.size(), 10);
            for (int r = 0; r < rows.size(); r++) {
                int[] v = rows.get(r);
                for (int c = 0; c < PIXELS; c++) {
                    x.set(r, c, v[c] / MAX_PIXEL);
                }
                t.set(r, v[PIXELS], 1.0);
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                names.add(Integer.toString(i));
            }
            return new Dataset("digits", x, t, names);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the embedded digits data set", e);
        }
    }
}
