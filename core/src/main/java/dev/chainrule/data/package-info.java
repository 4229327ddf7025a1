/**
 * Data: {@link dev.chainrule.data.Dataset} (features {@code [n, inputs]} and targets
 * {@code [n, outputs]} as tensors) and the loaders that make one.
 *
 * <ul>
 *   <li>{@link dev.chainrule.data.DataSource#load}: the one entry point, from a built-in name
 *       ({@code digits}, {@code mnist}, {@code fashion-mnist}), an IDX folder or a CSV file to a
 *       {@link dev.chainrule.data.LoadedData} (train part, test part, fitted preprocessing).</li>
 *   <li>CSV: {@link dev.chainrule.data.CsvTable} (RFC 4180 text), {@link dev.chainrule.data.CsvOptions}
 *       (target, categorical, standardized columns), {@link dev.chainrule.data.TabularPreprocessing}
 *       (one {@link dev.chainrule.data.ColumnEncoding} per column and a
 *       {@link dev.chainrule.data.TargetEncoding}).</li>
 *   <li>Images: {@link dev.chainrule.data.IdxReader} (the MNIST file format, header checked before
 *       allocating), {@link dev.chainrule.data.IdxFolder}, {@link dev.chainrule.data.PixelScaling},
 *       {@link dev.chainrule.data.BuiltinDigits}.</li>
 *   <li>Built-in sets: {@link dev.chainrule.data.BuiltinDataSets}, found or downloaded (SHA-256
 *       verified, written atomically) by {@link dev.chainrule.data.DataLocator}.</li>
 *   <li>{@link dev.chainrule.data.Preprocessing}: everything fitted on the training part, as an
 *       immutable value with a JSON-like map form for model files.</li>
 *   <li>{@link dev.chainrule.data.Split}: seeded, stratified held-out splits.</li>
 * </ul>
 *
 * Bad input throws {@link dev.chainrule.data.DataFormatException} (file, 1-based line, column,
 * what was expected); a data set found nowhere throws {@link dev.chainrule.data.DataNotFoundException}
 * (where it looked, how to get it). Both are {@link java.lang.IllegalArgumentException}s.
 */
package dev.chainrule.data;
