package dev.chainrule.testing;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * Lists, after a module's tests, every test that was skipped and why (a data set that is not
 * installed, a jar not built), so that a green run says what it did not check. Registered for
 * the JUnit platform by {@code META-INF/services} in core's test resources; the other modules
 * have core's test classes on their test class path.
 */
public final class SkipReport implements TestExecutionListener {
    private final List<String> skipped = new ArrayList<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        skipped.add(name(test) + ": " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            String reason = result.getThrowable().map(Throwable::getMessage).orElse("aborted");
            skipped.add(name(test) + ": " + reason.replaceFirst("^Assumption failed: ", ""));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (skipped.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("[SKIPPED] ").append(skipped.size())
                .append(skipped.size() == 1 ? " test was" : " tests were").append(" skipped:\n");
        for (String s : skipped) {
            sb.append("[SKIPPED]   ").append(s).append('\n');
        }
        System.out.print(sb);
        System.out.flush();
    }

    private static String name(TestIdentifier test) {
        String id = test.getUniqueId();
        int cls = id.indexOf("[class:");
        String className = cls < 0 ? "" : id.substring(cls + 7, id.indexOf(']', cls));
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple.equals(test.getDisplayName()) || simple.isEmpty() ? test.getDisplayName()
                : simple + "." + test.getDisplayName();
    }
}
