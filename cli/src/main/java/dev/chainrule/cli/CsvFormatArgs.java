package dev.chainrule.cli;

import dev.chainrule.data.CsvFormat;
import picocli.CommandLine.Option;

/** How a CSV file is written: the delimiter and whether it has a header row. A mixin of the commands that read CSV. */
final class CsvFormatArgs {
    @Option(names = "--delimiter", paramLabel = "C",
            description = "CSV: the field separator, one character or tab, semicolon, pipe, space (default: comma,"
                    + " or for a saved model the one it was trained with)")
    String delimiter;

    @Option(names = "--no-header", description = "CSV: the file has no header row; columns are named by position:"
            + " 1, 2, ... (e.g. --target 5 --ignore 1)")
    boolean noHeader;

    /** Whether either option was given. */
    boolean given() {
        return delimiter != null || noHeader;
    }

    /** {@code base} with what the options change. */
    CsvFormat apply(CsvFormat base) {
        CsvFormat f = base;
        if (delimiter != null) {
            f = f.withDelimiter(CsvFormat.parseDelimiter(delimiter));
        }
        if (noHeader) {
            f = f.withHeader(false);
        }
        return f;
    }
}
