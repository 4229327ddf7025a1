package dev.chainrule.spark;

import dev.chainrule.tensor.Kernels;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Executors report the kernels they train on (the tests' JVM has the Vector API), and one without
 * the Vector API logs one warning through Spark's log that says which option to add.
 */
class ExecutorKernelsTest {

    @Test
    void theSummaryNamesTheExecutorsKernels() {
        ChainruleClassificationModel model = new ChainruleClassifier().setHiddenLayers(8).setEpochs(1)
                .setBatchSize(100).fit(LocalSpark.frame(Digits.train(200), 2));
        assertEquals(List.of("VectorKernels"), model.summary().executorKernels());
    }

    /**
     * Inside a task the kernels have {@code spark.task.cpus} threads (1 here, the default), not the
     * process's; each task hands them back, so the executor's tasks reuse a few instances rather
     * than start threads per task. Outside a task: the default kernels.
     */
    @Test
    void tasksComputeWithTheirOwnCpus() {
        List<String> seen = LocalSpark.context().parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
                .map(i -> {
                    Kernels k = TaskKernels.forTask();
                    return k + " #" + System.identityHashCode(k);
                }).collect();
        assertEquals(8, seen.size());
        for (String s : seen) {
            assertTrue(s.startsWith("VectorKernels(") && s.contains(", 1 threads)"), s);
        }
        assertTrue(new TreeSet<>(seen).size() <= 2, "at most one instance per task running at once: " + seen);
        assertSame(Kernels.active(), TaskKernels.forTask());
    }

    @Test
    void anExecutorWithoutTheVectorApiWarnsOnce() {
        List<LogEvent> events = new ArrayList<>();
        Logger logger = (Logger) LogManager.getLogger(RowReader.class);
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(event.toImmutable());
            }
        };
        capture.start();
        logger.addAppender(capture);
        try {
            assertFalse(RowReader.warnIfNoVectorApi(false), "the Vector API present: no warning");
            assertTrue(RowReader.warnIfNoVectorApi(true), "the Vector API missing: a warning");
            assertFalse(RowReader.warnIfNoVectorApi(true), "only once per executor");
        } finally {
            logger.removeAppender(capture);
        }
        assertEquals(1, events.size());
        assertEquals(Level.WARN, events.get(0).getLevel());
        String message = events.get(0).getMessage().getFormattedMessage();
        assertTrue(message.contains("--add-modules jdk.incubator.vector to spark.executor.extraJavaOptions"), message);
    }
}
