package dev.chainrule.data;

import java.util.List;

/**
 * CSV data with named columns that can be read record by record, from the start, as often as
 * needed: a file streamed from disk ({@link CsvFile}, gzipped or not) or a small table in memory
 * ({@link CsvTable}). {@link TabularPreprocessing} reads a source twice, once to find the rows,
 * classes and categories and once to fill float32 (or float64) storage, so a file is never held
 * in memory as text.
 */
public sealed interface CsvSource permits CsvFile, CsvTable {

    /**
     * The name used in messages: the file's path as given.
     *
     * @return the name used in messages: the file's path as given
     */
    String source();

    /**
     * Column names, in file order: the header's, or {@code "1", "2", ...} for a file without one.
     *
     * @return the list
     */
    List<String> header();

    /**
     * The 1-based line of the header (0 without one), for messages.
     *
     * @return the 1-based line of the header (0 without one), for messages
     */
    long headerLine();
}
