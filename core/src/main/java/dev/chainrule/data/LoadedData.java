package dev.chainrule.data;

/**
 * A data set ready for training: the training and test parts and the preprocessing fitted on
 * the training part (to save with the model and apply again at predict time).
 *
 * @param name          the data set's name, e.g. {@code fashion-mnist} or {@code binary.csv}
 * @param train         the training part, {@code [n, inputs]} features and {@code [n, outputs]} targets
 * @param test          the test part (IDX sets: their own t10k files; others: the held-out fraction)
 * @param preprocessing the fitted preprocessing; {@code preprocessing.inputs() == train.inputs()}
 *
 * <p>Both parts are checked for NaN and infinite values here, once, at load time (the check
 * names the row and column; {@link Dataset#checkFinite()} remembers the answer, so training does
 * not scan the data again).
 */
public record LoadedData(String name, Dataset train, Dataset test, Preprocessing preprocessing) {
    /**
     * Checks both parts for NaN and infinite values.
     *
     * @param name the data set's name, e.g. {@code fashion-mnist} or {@code binary.csv}
     * @param train the training part, {@code [n, inputs]} features and {@code [n, outputs]} targets
     * @param test the test part (IDX sets: their own t10k files; others: the held-out fraction)
     * @param preprocessing the fitted preprocessing; {@code preprocessing.inputs() == train.inputs()} <p>Both parts are
     *                      checked for NaN and infinite values here, once, at load time (the check names the row and
     *                      column; {@link Dataset#checkFinite()} remembers the answer, so training does not scan the
     *                      data again).
     */
    public LoadedData {
        train.checkFinite();
        test.checkFinite();
    }
}
