package dev.chainrule.spark;

import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Checks of the input columns before anything runs, and what their metadata says (the vector size
 * of a VectorAssembler's output, the class names of a StringIndexer's output). Every failure is
 * an {@link InputColumnException} naming the column.
 */
final class Columns {
    private Columns() {
    }

    /** The features column exists and holds vectors. */
    static void checkFeatures(StructType schema, String featuresCol) {
        StructField field = require(schema, featuresCol, "featuresCol", "the feature vectors (VectorAssembler makes one)");
        if (!(field.dataType() instanceof VectorUDT)) {
            throw new InputColumnException(featuresCol, 0, "column \"" + featuresCol + "\" holds "
                    + field.dataType().simpleString() + ", not vectors; assemble the features into one vector column"
                    + " with VectorAssembler");
        }
    }

    /** The label column exists and holds numbers. */
    static void checkLabel(StructType schema, String labelCol) {
        StructField field = require(schema, labelCol, "labelCol", "the labels");
        if (!(field.dataType() instanceof NumericType)) {
            throw new InputColumnException(labelCol, 0, "column \"" + labelCol + "\" holds "
                    + field.dataType().simpleString() + ", not numbers; turn labels into class indices 0, 1, ... with"
                    + " StringIndexer");
        }
    }

    private static StructField require(StructType schema, String column, String param, String what) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new InputColumnException(column, 0, "column \"" + column + "\" is missing from the DataFrame, whose"
                    + " columns are " + Arrays.toString(schema.fieldNames()) + "; set " + param
                    + " to the column of " + what);
        }
        return schema.apply(column);
    }

    /** The vector size the column's metadata gives, if any. */
    static OptionalInt vectorSize(StructField field) {
        int size = AttributeGroup.fromStructField(field).size();
        return size >= 0 ? OptionalInt.of(size) : OptionalInt.empty();
    }

    /** The class names the label column's metadata gives (a nominal or binary attribute), or null. */
    static String[] classNames(StructField field) {
        Attribute attribute = Attribute.fromStructField(field);
        if (attribute instanceof NominalAttribute nominal) {
            if (nominal.values().isDefined()) {
                return nominal.values().get();
            }
            if (nominal.getNumValues().isDefined()) {
                int n = (Integer) nominal.getNumValues().get();
                String[] names = new String[n];
                for (int i = 0; i < n; i++) {
                    names[i] = Integer.toString(i);
                }
                return names;
            }
        } else if (attribute instanceof BinaryAttribute binary) {
            return binary.values().isDefined() ? binary.values().get() : new String[] {"0", "1"};
        }
        return null;
    }
}
