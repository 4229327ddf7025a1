package dev.chainrule.spark;

import java.io.Serializable;

/**
 * The first bad value a partition found while reading its rows; the driver turns it into an
 * {@link InputColumnException} once it knows how many rows the partitions before hold.
 *
 * @param column the column at fault
 * @param index  the row's 0-based position within its partition
 * @param what   what is wrong, e.g. {@code "is null"}; the message reads {@code column "c", row N what}
 */
record InputProblem(String column, int index, String what) implements Serializable {
}
