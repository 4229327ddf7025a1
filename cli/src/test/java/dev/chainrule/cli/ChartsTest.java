package dev.chainrule.cli;

import dev.chainrule.metrics.ConfusionMatrix;
import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pictures: a readable confusion matrix, and plots that name the optimizer and mark the best epoch. */
class ChartsTest {

    @Test
    void colourBarTicksAreWholeCounts() {
        assertEquals(List.of(0L, 1L), Charts.ticks(1));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), Charts.ticks(5));
        assertEquals(List.of(0L, 10L, 20L, 30L, 37L), Charts.ticks(37));
        assertEquals(List.of(0L, 10L, 20L, 30L), Charts.ticks(33));
        for (long max : new long[] {1, 2, 7, 13, 99, 359, 1000, 6000}) {
            List<Long> t = Charts.ticks(max);
            assertEquals(0L, t.get(0));
            assertTrue(t.size() >= 2 && t.size() <= 8, max + ": " + t);
            assertTrue(t.get(t.size() - 1) <= max, max + ": " + t);
        }
    }

    @Test
    void confusionCellsAreSquareWithWhiteNumbersOnDarkCells(@TempDir Path dir) throws Exception {
        // 3 classes, most examples on the diagonal: dark diagonal cells, light others
        int n = 60;
        Tensor p = Tensor.zeros(DType.FLOAT32, n, 3);
        Tensor t = Tensor.zeros(DType.FLOAT32, n, 3);
        for (int i = 0; i < n; i++) {
            int truth = i % 3;
            int predicted = i < 54 ? truth : (truth + 1) % 3;
            t.set(i, truth, 1);
            p.set(i, predicted, 1);
        }
        Path file = dir.resolve("confusion.png");
        Charts.confusion(file, ConfusionMatrix.of(p, t), List.of("cat", "dog", "bird"), "Confusion matrix");
        BufferedImage image = ImageIO.read(file.toFile());
        // find the first (darkest) cell's edges along its middle row and column
        int[] box = darkestBox(image);
        int width = box[2] - box[0];
        int height = box[3] - box[1];
        assertTrue(width > 20, "cell width " + width);
        assertEquals(width, height, 2, "square cells: " + width + " x " + height);
        boolean white = false;
        for (int y = box[1]; y < box[3]; y++) {
            for (int x = box[0]; x < box[2]; x++) {
                Color c = new Color(image.getRGB(x, y));
                white |= c.getRed() > 230 && c.getGreen() > 230 && c.getBlue() > 230;
            }
        }
        assertTrue(white, "the count on the dark diagonal cell is written in white");
        assertTrue(Charts.luminance(new Color(8, 48, 107)) < 0.5);
    }

    /** The bounding box {x0, y0, x1, y1} of the darkest-blue region in the top-left quarter (the first diagonal cell). */
    private static int[] darkestBox(BufferedImage image) {
        int darkest = Integer.MAX_VALUE;
        int dx = -1;
        int dy = -1;
        for (int y = 0; y < image.getHeight() / 2; y++) {
            for (int x = 0; x < image.getWidth() / 2; x++) {
                Color c = new Color(image.getRGB(x, y));
                int sum = c.getRed() + c.getGreen() + c.getBlue();
                if (c.getBlue() > c.getRed() + 40 && sum < darkest) {
                    darkest = sum;
                    dx = x;
                    dy = y;
                }
            }
        }
        Color target = new Color(image.getRGB(dx, dy));
        int x0 = dx;
        while (x0 > 0 && near(image.getRGB(x0 - 1, dy), target)) {
            x0--;
        }
        int x1 = dx;
        while (x1 < image.getWidth() - 1 && near(image.getRGB(x1 + 1, dy), target)) {
            x1++;
        }
        int y0 = dy;
        while (y0 > 0 && near(image.getRGB(dx, y0 - 1), target)) {
            y0--;
        }
        int y1 = dy;
        while (y1 < image.getHeight() - 1 && near(image.getRGB(dx, y1 + 1), target)) {
            y1++;
        }
        // the text inside may stop the scan early: widen to the cell's fill colour along the edges
        return new int[] {x0, y0, x1 + 1, y1 + 1};
    }

    private static boolean near(int rgb, Color target) {
        Color c = new Color(rgb);
        return Math.abs(c.getRed() - target.getRed()) + Math.abs(c.getGreen() - target.getGreen())
                + Math.abs(c.getBlue() - target.getBlue()) < 30;
    }

    @Test
    void plotTitleNamesTheOptimizerAndEarlyStoppingIsMarked(@TempDir Path dir) throws Exception {
        Path plot = dir.resolve("loss.png");
        Cli.Result r = Cli.run("train", "--optimizer", "adam", "--epochs", "8", "--early-stopping", "2",
                "--plot", plot.toString(), "--json");
        assertEquals(0, r.status(), r.toString());
        String title = TrainCommand.plotTitle("digits", "64-50-10", "softmax-ce", "adam", 0.001, "batch 32");
        assertTrue(title.contains("adam lr 0.001"), title);
        BufferedImage image = ImageIO.read(plot.toFile());
        assertEquals(1280, image.getWidth());
        int grey = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == 0x787878) {
                    grey++;
                }
            }
        }
        assertTrue(grey > 20, "the best epoch's dashed line is drawn (" + grey + " pixels)");
    }
}
