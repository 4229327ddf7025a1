package dev.chainrule.data;

import dev.chainrule.tensor.DType;
import dev.chainrule.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static dev.chainrule.data.CsvTableTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TabularPreprocessingTest {
    static final String ADMISSIONS = "admit,gre,gpa,rank\n0,380,3.61,3\n1,660,3.67,3\n1,800,4,1\n1,640,3.19,4\n0,520,2.93,4\n1,760,3,2\n";

    static int[] all(CsvTable t) {
        int[] rows = new int[t.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }

    static CsvOptions admissions() {
        return CsvOptions.target("admit").withCategorical(List.of("rank")).withStandardize(List.of("gre", "gpa"));
    }

    @Test
    void oneHotInPlaceSortedAndStandardizedWithSampleStd() throws IOException {
        CsvTable t = parse(ADMISSIONS);
        TabularPreprocessing p = TabularPreprocessing.fit(t, all(t), admissions());
        assertEquals(List.of("gre", "gpa", "rank_1", "rank_2", "rank_3", "rank_4"), p.featureNames());
        assertEquals(List.of("0", "1"), p.classNames());
        double[] gre = {380, 660, 800, 640, 520, 760};
        double mean = 0;
        for (double g : gre) {
            mean += g / gre.length;
        }
        double ss = 0;
        for (double g : gre) {
            ss += (g - mean) * (g - mean);
        }
        double std = Math.sqrt(ss / (gre.length - 1));
        ColumnEncoding.Standardized s = (ColumnEncoding.Standardized) p.columns().get(0);
        assertEquals(mean, s.mean(), 1e-12);
        assertEquals(std, s.std(), 1e-12, "sample std, n - 1 (pandas' std())");

        Dataset d = p.dataset(t, "adm", DType.FLOAT64);
        assertEquals(6, d.inputs());
        assertEquals(2, d.outputs(), "two classes are one-hot by default (softmax-ce)");
        assertEquals((380 - mean) / std, d.features().get(0, 0), 1e-12);
        assertEquals(List.of(0.0, 0.0, 1.0, 0.0), row(d.features(), 0).subList(2, 6), "rank 3");
        assertEquals(List.of(1.0, 0.0, 0.0, 0.0), row(d.features(), 2).subList(2, 6), "rank 1");
        assertEquals(List.of(1.0, 0.0), row(d.targets(), 0));
    }

    @Test
    void twoClassesAsOneColumnAndFirstSeenOrder() throws IOException {
        CsvTable t = parse(ADMISSIONS);
        CsvOptions o = admissions().withTwoClassesAsOneColumn(true).withCategoryOrder(CategoryOrder.FIRST_SEEN);
        TabularPreprocessing p = TabularPreprocessing.fit(t, all(t), o);
        assertEquals(List.of("gre", "gpa", "rank_3", "rank_1", "rank_4", "rank_2"), p.featureNames());
        assertEquals(List.of("0", "1"), p.classNames(), "classes first seen: 0 then 1");
        Dataset d = p.dataset(t, "adm", DType.FLOAT32);
        assertEquals(1, d.outputs());
        assertEquals(0.0, d.targets().get(0, 0));
        assertEquals(1.0, d.targets().get(1, 0));
    }

    @Test
    void textClassesAndNumericSortOfCategories() throws IOException {
        CsvTable t = parse("size,kind\n10,\"cat, big\"\n2,dog\n3,bird\n10,dog\n");
        TabularPreprocessing p = TabularPreprocessing.fit(t, all(t), CsvOptions.target("kind").withCategorical(List.of("size")));
        assertEquals(List.of("size_2", "size_3", "size_10"), p.featureNames(), "numbers sort as numbers");
        assertEquals(List.of("bird", "cat, big", "dog"), p.classNames());
        Dataset d = p.dataset(t, "pets", DType.FLOAT64);
        assertEquals(List.of(0.0, 1.0, 0.0), row(d.targets(), 0));
        assertTrue(d.isClassification());
    }

    @Test
    void regressionTargetsAreValues() throws IOException {
        CsvTable t = parse("x,price\n1,3.25\n2,7.5\n3,1.125\n");
        TabularPreprocessing p = TabularPreprocessing.fit(t, all(t), CsvOptions.target("price"));
        assertTrue(p.target() instanceof TargetEncoding.Values);
        Dataset d = p.dataset(t, "prices", DType.FLOAT64);
        assertFalse(d.isClassification());
        assertEquals(7.5, d.targets().get(1, 0));
        TabularPreprocessing forced = TabularPreprocessing.fit(parse("x,y\n1,0\n2,1\n"), new int[] {0, 1},
                CsvOptions.target("y").withTargetKind(TargetKind.VALUES));
        assertTrue(forced.classNames().isEmpty());
    }

    @Test
    void meansAndStdsAreFittedOnTrainingRowsOnlyCategoriesOnEveryRow() throws IOException {
        CsvTable t = parse(ADMISSIONS);
        TabularPreprocessing p = TabularPreprocessing.fit(t, new int[] {0, 1, 2}, admissions());
        ColumnEncoding.Standardized gre = (ColumnEncoding.Standardized) p.columns().get(0);
        assertEquals((380 + 660 + 800) / 3.0, gre.mean(), 1e-12);
        // a category met only outside the training rows is still known, so those rows can be read
        assertEquals(List.of("rank_1", "rank_2", "rank_3", "rank_4"), p.featureNames().subList(2, 6));
    }

    @Test
    void nonNumberNamesLineAndColumn() throws IOException {
        CsvTable t = parse("admit,gre,gpa\n0,380,3.61\n1,abc,3.67\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> TabularPreprocessing.fit(t, all(t), CsvOptions.target("admit")).dataset(t, "x", DType.FLOAT32));
        assertEquals("test.csv, line 3: column \"gre\" (field 2): expected a number, got \"abc\""
                + " (a column of categories must be declared categorical)", e.getMessage());
        CsvTable empty = parse("admit,gre\n0,\n1,2\n");
        DataFormatException e2 = assertThrows(DataFormatException.class,
                () -> TabularPreprocessing.fit(empty, all(empty), CsvOptions.target("admit").withStandardize(List.of("gre"))));
        assertTrue(e2.getMessage().contains("line 2") && e2.getMessage().contains("empty field"), e2.getMessage());
        CsvTable nan = parse("admit,gre\n0,NaN\n1,2\n");
        assertThrows(DataFormatException.class,
                () -> TabularPreprocessing.fit(nan, all(nan), CsvOptions.target("admit")).dataset(nan, "x", DType.FLOAT32));
    }

    @Test
    void missingColumnsAreNamed() throws IOException {
        CsvTable t = parse(ADMISSIONS);
        DataFormatException target = assertThrows(DataFormatException.class,
                () -> TabularPreprocessing.fit(t, all(t), CsvOptions.target("admitted")));
        assertTrue(target.getMessage().contains("no target column \"admitted\"")
                && target.getMessage().contains("admit, gre, gpa, rank"), target.getMessage());
        assertThrows(DataFormatException.class,
                () -> TabularPreprocessing.fit(t, all(t), CsvOptions.target("admit").withCategorical(List.of("rnk"))));
    }

    @Test
    void unseenCategoryAtPredictTimeNamesColumnValueAndLine() throws IOException {
        CsvTable t = parse(ADMISSIONS);
        TabularPreprocessing p = TabularPreprocessing.fit(t, all(t), admissions());
        CsvTable later = CsvTable.read(new java.io.StringReader("gre,gpa,rank\n500,3.1,2\n600,3.5,5\n"), "rows.csv", true);
        DataFormatException e = assertThrows(DataFormatException.class, () -> p.features(later, DType.FLOAT32));
        assertEquals("rows.csv, line 3: column \"rank\" (field 3): category \"5\" was not seen in the training data; known: 1, 2, 3, 4",
                e.getMessage());
        Tensor ok = p.features(CsvTable.read(new java.io.StringReader("rank,gpa,gre\n2,3.1,500\n"), "r.csv", true), DType.FLOAT32);
        assertEquals(1.0, ok.get(0, 3), "columns are found by name, in any order; the target may be absent");
    }

    @Test
    void constantStandardizedColumnAndSingleClassAreRefused() throws IOException {
        CsvTable t = parse("y,x\n0,5\n1,5\n");
        assertThrows(DataFormatException.class,
                () -> TabularPreprocessing.fit(t, all(t), CsvOptions.target("y").withStandardize(List.of("x"))));
        CsvTable one = parse("y,x\na,1\na,2\n");
        assertThrows(DataFormatException.class, () -> TabularPreprocessing.fit(one, all(one), CsvOptions.target("y")));
    }

    @Test
    void mapFormRoundTripsAndAppliesTheSame() throws IOException {
        CsvTable t = parse(ADMISSIONS);
        TabularPreprocessing p = TabularPreprocessing.fit(t, all(t), admissions().withTwoClassesAsOneColumn(true));
        Map<String, Object> map = p.toMap();
        assertEquals("chainrule-preprocessing", map.get("format"));
        assertPlain(map);
        Preprocessing back = Preprocessing.fromMap(map);
        assertEquals(p, back);
        assertTrue(p.dataset(t, "a", DType.FLOAT64).features().sameBits(((TabularPreprocessing) back).dataset(t, "b", DType.FLOAT64).features()));

        PixelScaling pixels = PixelScaling.bytes(28, 28, List.of("a", "b"));
        assertPlain(pixels.toMap());
        assertEquals(pixels, Preprocessing.fromMap(pixels.toMap()));

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Preprocessing.fromMap(Map.of("format", "chainrule-preprocessing", "version", 1)));
        assertTrue(bad.getMessage().contains("\"kind\""), bad.getMessage());
    }

    /** Only String, Double, List and Map values: what a JSON writer takes as is. */
    static void assertPlain(Object o) {
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                assertTrue(e.getKey() instanceof String);
                assertPlain(e.getValue());
            }
        } else if (o instanceof List<?> l) {
            l.forEach(TabularPreprocessingTest::assertPlain);
        } else {
            assertTrue(o instanceof String || o instanceof Double, "not plain: " + o + " (" + o.getClass() + ")");
        }
    }

    static List<Double> row(Tensor m, int r) {
        Double[] v = new Double[m.cols()];
        for (int c = 0; c < v.length; c++) {
            v[c] = m.get(r, c);
        }
        return List.of(v);
    }
}
