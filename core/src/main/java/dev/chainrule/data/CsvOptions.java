package dev.chainrule.data;

import java.util.List;

/**
 * What to do with the columns of a CSV file: which one is the target, which are categorical
 * (one-hot encoded), which are standardized (z-score with the training rows' mean and sample
 * std), which are left out. Every other column must be numeric and is used as written.
 *
 * <p>Features keep the file's column order, a categorical column expanding in place into its
 * indicator columns: {@code admit,gre,gpa,rank} with target {@code admit} and categorical
 * {@code rank} gives features {@code gre, gpa, rank_1, rank_2, rank_3, rank_4}.
 *
 * @param target             the target column's name
 * @param categorical        columns to one-hot encode
 * @param standardize        numeric columns to standardize; the target among them standardizes a
 *                           numeric (regression) target, undone by {@link TargetEncoding.Values#decode}
 * @param ignore             columns to leave out (e.g. an id)
 * @param categoryOrder      order of one-hot columns and of classes (default {@link CategoryOrder#SORTED})
 * @param targetKind         classes or values (default {@link TargetKind#AUTO})
 * @param twoClassesAsOneColumn two classes as one 0/1 target column (for a sigmoid output with
 *                           {@code bce} or {@code half-sse}) instead of two one-hot columns (for
 *                           {@code softmax-ce}, the default)
 * @param format             the delimiter and whether there is a header (default comma, header);
 *                           without a header, columns are named by position: {@code "1", "2", ...}
 * @param missing            what a missing value does (default {@link MissingValues#ERROR})
 */
public record CsvOptions(String target, List<String> categorical, List<String> standardize, List<String> ignore,
                         CategoryOrder categoryOrder, TargetKind targetKind, boolean twoClassesAsOneColumn,
                         CsvFormat format, MissingValues missing) {

    /**
     * Checks that the target is named and that no column has two roles.
     *
     * @param target the target column's name
     * @param categorical columns to one-hot encode
     * @param standardize numeric columns to standardize; the target among them standardizes a numeric (regression)
     *                    target, undone by {@link TargetEncoding.Values#decode}
     * @param ignore columns to leave out (e.g. an id)
     * @param categoryOrder order of one-hot columns and of classes (default {@link CategoryOrder#SORTED})
     * @param targetKind classes or values (default {@link TargetKind#AUTO})
     * @param twoClassesAsOneColumn two classes as one 0/1 target column (for a sigmoid output with {@code bce} or
     *                              {@code half-sse}) instead of two one-hot columns (for {@code softmax-ce}, the
     *                              default)
     * @param format the delimiter and whether there is a header (default comma, header); without a header, columns are
     *               named by position: {@code "1", "2", ...}
     * @param missing what a missing value does (default {@link MissingValues#ERROR})
     */
    public CsvOptions {
        if (format == null || missing == null) {
            throw new IllegalArgumentException("the CSV format and the missing-value policy must be given");
        }
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("a CSV data set needs a target column (--target COLUMN)");
        }
        categorical = List.copyOf(categorical);
        standardize = List.copyOf(standardize);
        ignore = List.copyOf(ignore);
        if (categoryOrder == null || targetKind == null) {
            throw new IllegalArgumentException("category order and target kind must be given");
        }
        for (String c : standardize) {
            if (categorical.contains(c)) {
                throw new IllegalArgumentException("column \"" + c + "\" cannot be both categorical and standardized");
            }
        }
        if (categorical.contains(target) || ignore.contains(target)) {
            throw new IllegalArgumentException("the target column \"" + target
                    + "\" cannot also be categorical or ignored");
        }
    }

    /**
     * The options without format and missing-value policy: a comma-separated file with a header, missing values an error.
     *
     * @param target the target
     * @param categorical columns to one-hot encode
     * @param standardize numeric columns to standardize
     * @param ignore columns to leave out
     * @param categoryOrder order of one-hot columns and of classes
     * @param targetKind classes or values
     * @param twoClassesAsOneColumn the two classes as one column
     */
    public CsvOptions(String target, List<String> categorical, List<String> standardize, List<String> ignore,
                      CategoryOrder categoryOrder, TargetKind targetKind, boolean twoClassesAsOneColumn) {
        this(target, categorical, standardize, ignore, categoryOrder, targetKind, twoClassesAsOneColumn, CsvFormat.DEFAULT,
                MissingValues.ERROR);
    }

    /**
     * Target {@code target}, every other column numeric as written, classes one-hot, categories sorted.
     *
     * @param target the target column's name
     * @return the options
     */
    public static CsvOptions target(String target) {
        return new CsvOptions(target, List.of(), List.of(), List.of(), CategoryOrder.SORTED, TargetKind.AUTO, false);
    }

    /**
     * These options with other one-hot encoded columns.
     *
     * @param columns the columns to one-hot encode
     * @return the new options
     */
    public CsvOptions withCategorical(List<String> columns) {
        return new CsvOptions(target, columns, standardize, ignore, categoryOrder, targetKind, twoClassesAsOneColumn, format, missing);
    }

    /**
     * These options with other standardized columns.
     *
     * @param columns the numeric columns to standardize (the target among them scales the target)
     * @return the new options
     */
    public CsvOptions withStandardize(List<String> columns) {
        return new CsvOptions(target, categorical, columns, ignore, categoryOrder, targetKind, twoClassesAsOneColumn, format, missing);
    }

    /**
     * These options with other columns left out.
     *
     * @param columns the columns to leave out
     * @return the new options
     */
    public CsvOptions withIgnore(List<String> columns) {
        return new CsvOptions(target, categorical, standardize, columns, categoryOrder, targetKind, twoClassesAsOneColumn, format, missing);
    }

    /**
     * These options with another order of categories and classes.
     *
     * @param order the order
     * @return the new options
     */
    public CsvOptions withCategoryOrder(CategoryOrder order) {
        return new CsvOptions(target, categorical, standardize, ignore, order, targetKind, twoClassesAsOneColumn, format, missing);
    }

    /**
     * These options with the target read as classes, values, or decided from its contents.
     *
     * @param kind how to read the target
     * @return the new options
     */
    public CsvOptions withTargetKind(TargetKind kind) {
        return new CsvOptions(target, categorical, standardize, ignore, categoryOrder, kind, twoClassesAsOneColumn, format, missing);
    }

    /**
     * Another delimiter or header setting.
     *
     * @param newFormat the delimiter and whether there is a header
     * @return the new options
     */
    public CsvOptions withFormat(CsvFormat newFormat) {
        return new CsvOptions(target, categorical, standardize, ignore, categoryOrder, targetKind, twoClassesAsOneColumn,
                newFormat, missing);
    }

    /**
     * Another missing-value policy.
     *
     * @param policy what to do with a missing value
     * @return the csv options
     */
    public CsvOptions withMissing(MissingValues policy) {
        return new CsvOptions(target, categorical, standardize, ignore, categoryOrder, targetKind, twoClassesAsOneColumn,
                format, policy);
    }

    /**
     * Two classes as one 0/1 column (true) or two one-hot columns (false).
     *
     * @param oneColumn one 0/1 column (true) or two one-hot columns (false)
     * @return the csv options
     */
    public CsvOptions withTwoClassesAsOneColumn(boolean oneColumn) {
        return new CsvOptions(target, categorical, standardize, ignore, categoryOrder, targetKind, oneColumn, format, missing);
    }
}
