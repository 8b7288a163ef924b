package lockstep.workshop.grading;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import lockstep.workshop.lab.Implementation;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a lab's grader against one implementation, in this JVM, through the JUnit Platform
 * launcher. The grader's classes and the implementation's classes share a class loader of their
 * own, so the same grader judges the learner's code, the solution or a variant without a rebuild.
 */
public final class GraderRun {

    private final Path graderClasses;
    private final Implementation code;
    private Integer task;
    private String onlyCheck;

    private GraderRun(Path graderClasses, Implementation code) {
        this.graderClasses = graderClasses;
        this.code = code;
    }

    /** The grader compiled in {@code graderClasses}, judging {@code code}. */
    public static GraderRun of(Path graderClasses, Implementation code) {
        return new GraderRun(graderClasses, code);
    }

    /** Runs only the checks of task {@code number} (tagged {@code task:N}). */
    public GraderRun task(int number) {
        this.task = number;
        return this;
    }

    /** Runs only the check with this display name. */
    public GraderRun onlyCheck(String displayName) {
        this.onlyCheck = displayName;
        return this;
    }

    /** Runs the checks, telling {@code eachCheck} about each as it finishes. */
    public GradeReport run(Consumer<CheckResult> eachCheck) {
        List<CheckResult> results = new ArrayList<>();
        Consumer<CheckResult> collect = result -> {
            results.add(result);
            eachCheck.accept(result);
        };
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = loaderFor()) {
            thread.setContextClassLoader(loader);
            LauncherFactory.create().execute(request(), new Collector(collect));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return new GradeReport(results);
    }

    /** The task numbers of the grader's checks (their {@code task:N} tags), found without running anything. */
    public java.util.SortedSet<Integer> tasks() {
        java.util.SortedSet<Integer> tasks = new java.util.TreeSet<>();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = loaderFor()) {
            thread.setContextClassLoader(loader);
            TestPlan plan = LauncherFactory.create().discover(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClasspathRoots(Set.of(graderClasses)))
                    .filters(TagFilter.includeTags("grader")).build());
            collectTasks(plan, plan.getRoots(), tasks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return tasks;
    }

    private static void collectTasks(TestPlan plan, Set<TestIdentifier> level, java.util.SortedSet<Integer> tasks) {
        for (TestIdentifier test : level) {
            test.getTags().stream().map(TestTag::getName).filter(name -> name.startsWith("task:"))
                    .forEach(name -> tasks.add(Integer.parseInt(name.substring("task:".length()))));
            collectTasks(plan, plan.getChildren(test), tasks);
        }
    }

    private URLClassLoader loaderFor() {
        List<URL> urls = new ArrayList<>();
        urls.add(toUrl(graderClasses));
        code.classFolders().forEach(folder -> urls.add(toUrl(folder)));
        // Named after the implementation, so a race the grader starts reports which code it ran.
        return new URLClassLoader("lockstep-" + code.name(), urls.toArray(URL[]::new), GraderRun.class.getClassLoader());
    }

    private LauncherDiscoveryRequest request() {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(graderClasses)))
                .filters(TagFilter.includeTags("grader"))
                // A grader reads as a checklist: groups and checks in the order of their names (as in the POM).
                .configurationParameter("junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$DisplayName")
                .configurationParameter("junit.jupiter.testmethod.order.default", "org.junit.jupiter.api.MethodOrderer$DisplayName");
        if (task != null) {
            request.filters(TagFilter.includeTags("task:" + task));
        }
        if (onlyCheck != null) {
            String wanted = onlyCheck;
            request.filters((PostDiscoveryFilter) descriptor -> FilterResult.includedIf(
                    descriptor.isContainer() || descriptor.getDisplayName().equals(wanted)));
        }
        return request.build();
    }

    private static URL toUrl(Path folder) {
        try {
            return folder.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(folder.toString(), e);
        }
    }

    /** Turns JUnit's events into check results. */
    private static final class Collector implements TestExecutionListener {

        private final Consumer<CheckResult> eachCheck;
        private final Map<String, List<String>> notes = new HashMap<>();
        /** When each check began, by JUnit's id, so that its result can say how long it ran. */
        private final Map<String, Long> began = new HashMap<>();
        private TestPlan plan;

        Collector(Consumer<CheckResult> eachCheck) {
            this.eachCheck = eachCheck;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            this.plan = testPlan;
        }

        /** A check's TestReporter entries, such as a measured figure, become notes shown under it. */
        @Override
        public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
            entry.getKeyValuePairs().values().forEach(value ->
                    notes.computeIfAbsent(test.getUniqueId(), id -> new ArrayList<>()).add(value));
        }

        @Override
        public void executionStarted(TestIdentifier test) {
            began.put(test.getUniqueId(), System.nanoTime());
        }

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            if (test.isTest()) {
                eachCheck.accept(new CheckResult(taskOf(test), groupOf(test), test.getDisplayName(),
                        CheckResult.Status.SKIPPED, reason));
            }
        }

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (!test.isTest()) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    // A whole group failed before its checks ran, for example in @BeforeAll.
                    eachCheck.accept(new CheckResult(taskOf(test), test.getDisplayName(), test.getDisplayName(),
                            CheckResult.Status.FAILED, messageOf(result)));
                }
                return;
            }
            CheckResult.Status status = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                    ? CheckResult.Status.PASSED : CheckResult.Status.FAILED;
            int task = taskOf(test);
            int hintTask = result.getThrowable().filter(HintedFailure.class::isInstance)
                    .map(thrown -> ((HintedFailure) thrown).hintTask()).orElse(task);
            Long start = began.get(test.getUniqueId());
            Duration took = start == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
            eachCheck.accept(new CheckResult(task, groupOf(test), test.getDisplayName(), status,
                    status == CheckResult.Status.PASSED ? "" : messageOf(result),
                    notes.getOrDefault(test.getUniqueId(), List.of()), hintTask, took));
        }

        private String groupOf(TestIdentifier test) {
            return plan.getParent(test).map(TestIdentifier::getDisplayName).orElse("");
        }

        private int taskOf(TestIdentifier test) {
            for (Optional<TestIdentifier> at = Optional.of(test); at.isPresent(); at = plan.getParent(at.get())) {
                for (TestTag tag : at.get().getTags()) {
                    if (tag.getName().startsWith("task:")) {
                        return Integer.parseInt(tag.getName().substring("task:".length()));
                    }
                }
            }
            return 0;
        }

        private static String messageOf(TestExecutionResult result) {
            return result.getThrowable().map(thrown -> {
                String message = thrown.getMessage();
                return message == null || message.isBlank() ? thrown.toString() : message.strip();
            }).orElse(result.getStatus().toString());
        }
    }
}
