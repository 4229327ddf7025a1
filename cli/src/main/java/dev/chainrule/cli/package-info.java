/**
 * The {@code chainrule} command (picocli): {@link dev.chainrule.cli.Main} and one class per
 * command ({@code train}, {@code evaluate}, {@code predict}, {@code explain}, {@code gradcheck}).
 * Options shared between commands are mixins ({@code DataArgs}, {@code ModelOptions},
 * {@code TrainingOptions}, {@code VerboseOption}); the console progress is {@code Progress}, the
 * PNG pictures {@code Charts} (XChart), the aligned tables {@code TextTable}. Everything else is
 * core's API.
 */
package dev.chainrule.cli;
