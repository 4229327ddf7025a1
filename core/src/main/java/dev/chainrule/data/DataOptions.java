package dev.chainrule.data;

import dev.chainrule.tensor.DType;

import java.nio.file.Path;

/**
 * How {@link DataSource#load} finds and prepares data. Immutable; start from {@link #defaults()}
 * and change what you need with the {@code with...} methods.
 *
 * @param dataDir         an explicit folder to look in first ({@code --data-dir}), or null
 * @param testFraction    fraction held out for testing from CSV files and {@code digits}, in
 *                        {@code [0, 1)} (IDX sets keep their own t10k test files)
 * @param seed            seed of the held-out split
 * @param dtype           element type of the tensors
 * @param csv             the columns of a CSV file (target, categorical, standardized), or null
 *                        when the data is not a CSV file
 * @param download        whether a built-in IDX set found nowhere may be downloaded
 * @param downloadBaseUrl a base URL that replaces the data set's own download location (a
 *                        mirror), or null
 * @param environmentDataDir the value of {@code $CHAINRULE_DATA}, or null when unset
 * @param cacheRoot       the cache root; a data set {@code name} is cached in {@code cacheRoot/name}
 *                        (default {@code ~/.cache/chainrule})
 * @param systemRoot      the system data folder root (default {@code /usr/share/datasets}); null
 *                        uses each data set's own system folder
 */
public record DataOptions(Path dataDir, double testFraction, long seed, DType dtype, CsvOptions csv, boolean download,
                          String downloadBaseUrl, Path environmentDataDir, Path cacheRoot, Path systemRoot) {

    /** The environment variable naming a data folder. */
    public static final String ENVIRONMENT_VARIABLE = "CHAINRULE_DATA";

    /**
     * Checks the test fraction and that there is a dtype.
     *
     * @param dataDir an explicit folder to look in first ({@code --data-dir}), or null
     * @param testFraction fraction held out for testing from CSV files and {@code digits}, in {@code [0, 1)} (IDX sets
     *                     keep their own t10k test files)
     * @param seed seed of the held-out split
     * @param dtype element type of the tensors
     * @param csv the columns of a CSV file (target, categorical, standardized), or null when the data is not a CSV file
     * @param download whether a built-in IDX set found nowhere may be downloaded
     * @param downloadBaseUrl a base URL that replaces the data set's own download location (a mirror), or null
     * @param environmentDataDir the value of {@code $CHAINRULE_DATA}, or null when unset
     * @param cacheRoot the cache root; a data set {@code name} is cached in {@code cacheRoot/name} (default {@code
     *                  ~/.cache/chainrule})
     * @param systemRoot the system data folder root (default {@code /usr/share/datasets}); null uses each data set's
     *                   own system folder
     */
    public DataOptions {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in [0, 1), got " + testFraction);
        }
        if (dtype == null) {
            throw new IllegalArgumentException("dtype must be given");
        }
    }

    /**
     * No explicit folder, test fraction 0.2, seed 1, float32, downloads allowed, {@code $CHAINRULE_DATA}
     * read from the environment, cache in {@code ~/.cache/chainrule}, each set's own system folder.
     *
     * @return the default options
     */
    public static DataOptions defaults() {
        String env = System.getenv(ENVIRONMENT_VARIABLE);
        return new DataOptions(null, 0.2, 1, DType.FLOAT32, null, true, null,
                env == null || env.isBlank() ? null : Path.of(env),
                Path.of(System.getProperty("user.home"), ".cache", "chainrule"), null);
    }

    /**
     * These options with a folder looked in first.
     *
     * @param dir the folder, or null
     * @return the new options
     */
    public DataOptions withDataDir(Path dir) {
        return new DataOptions(dir, testFraction, seed, dtype, csv, download, downloadBaseUrl, environmentDataDir, cacheRoot, systemRoot);
    }

    /**
     * These options with another test fraction.
     *
     * @param fraction the fraction, in {@code [0, 1)}
     * @return the new options
     */
    public DataOptions withTestFraction(double fraction) {
        return new DataOptions(dataDir, fraction, seed, dtype, csv, download, downloadBaseUrl, environmentDataDir, cacheRoot, systemRoot);
    }

    /**
     * These options with another split seed.
     *
     * @param newSeed the seed of the held-out split
     * @return the new options
     */
    public DataOptions withSeed(long newSeed) {
        return new DataOptions(dataDir, testFraction, newSeed, dtype, csv, download, downloadBaseUrl, environmentDataDir, cacheRoot, systemRoot);
    }

    /**
     * These options with another element type.
     *
     * @param newDtype the element type of the tensors
     * @return the new options
     */
    public DataOptions withDtype(DType newDtype) {
        return new DataOptions(dataDir, testFraction, seed, newDtype, csv, download, downloadBaseUrl, environmentDataDir, cacheRoot, systemRoot);
    }

    /**
     * These options for a CSV file with these columns.
     *
     * @param columns the target and the encodings of the columns
     * @return the new options
     */
    public DataOptions withCsv(CsvOptions columns) {
        return new DataOptions(dataDir, testFraction, seed, dtype, columns, download, downloadBaseUrl, environmentDataDir, cacheRoot, systemRoot);
    }

    /**
     * These options with downloads allowed or not.
     *
     * @param allowed whether a built-in IDX set found nowhere may be downloaded
     * @return the new options
     */
    public DataOptions withDownload(boolean allowed) {
        return new DataOptions(dataDir, testFraction, seed, dtype, csv, allowed, downloadBaseUrl, environmentDataDir, cacheRoot, systemRoot);
    }

    /**
     * These options with a mirror of the data sets' download locations.
     *
     * @param url the URL
     * @return the new options
     */
    public DataOptions withDownloadBaseUrl(String url) {
        return new DataOptions(dataDir, testFraction, seed, dtype, csv, download, url, environmentDataDir, cacheRoot, systemRoot);
    }

    /**
     * These options with another value of {@code $CHAINRULE_DATA}.
     *
     * @param dir the folder, or null
     * @return the new options
     */
    public DataOptions withEnvironmentDataDir(Path dir) {
        return new DataOptions(dataDir, testFraction, seed, dtype, csv, download, downloadBaseUrl, dir, cacheRoot, systemRoot);
    }

    /**
     * These options with another cache folder.
     *
     * @param root the cache root
     * @return the new options
     */
    public DataOptions withCacheRoot(Path root) {
        return new DataOptions(dataDir, testFraction, seed, dtype, csv, download, downloadBaseUrl, environmentDataDir, root, systemRoot);
    }

    /**
     * These options with another system data folder.
     *
     * @param root the system root, or null for each data set's own
     * @return the new options
     */
    public DataOptions withSystemRoot(Path root) {
        return new DataOptions(dataDir, testFraction, seed, dtype, csv, download, downloadBaseUrl, environmentDataDir, cacheRoot, root);
    }
}
