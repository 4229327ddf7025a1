package dev.chainrule.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order of the one-hot columns of a categorical column, and of the classes of a target.
 */
public enum CategoryOrder {
    /**
     * Sorted: numerically when every value is a number ({@code 2 < 10}), otherwise by text
     * ({@link String#compareTo}). As pandas' {@code get_dummies}: {@code rank} gives
     * {@code rank_1, rank_2, rank_3, rank_4}.
     */
    SORTED,
    /** In the order the values first appear in the training rows. */
    FIRST_SEEN;

    private static boolean isNumber(String v) {
        double d = Decimals.parse(v);
        return !Double.isNaN(d) && !Double.isInfinite(d);
    }

    /** The distinct values (given in first-seen order) arranged in this order. */
    List<String> arrange(Collection<String> firstSeen) {
        List<String> values = new ArrayList<>(firstSeen);
        if (this == SORTED) {
            boolean numeric = values.stream().allMatch(CategoryOrder::isNumber);
            Comparator<String> byText = Comparator.naturalOrder();
            Comparator<String> byNumber = Comparator.comparingDouble(Decimals::parse);
            values.sort(numeric ? byNumber.thenComparing(byText) : byText);
        }
        return values;
    }
}
