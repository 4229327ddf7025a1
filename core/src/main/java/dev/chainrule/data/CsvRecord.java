package dev.chainrule.data;

import java.util.List;

/**
 * One CSV record: its fields as written (quotes removed) and the 1-based line on which it starts.
 */
record CsvRecord(long line, List<String> fields) {
    CsvRecord {
        fields = List.copyOf(fields);
    }

    int size() {
        return fields.size();
    }

    String field(int index) {
        return fields.get(index);
    }
}
