package lockstep.workshop.timeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import lockstep.workshop.lab.WorkshopHome;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a grader's check fails after it ran a race or a scene, draws that race's timeline beside the grade, in
 * {@code .lockstep/pictures/}, and names the file in a note under the failure: the learner looks at their own bug.
 * The failure itself passes through unchanged.
 */
public final class PictureOfFailedCheck implements BeforeEachCallback, TestExecutionExceptionHandler, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        LastRace.watch();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (failure instanceof AssertionError) {
            LastRace.last().ifPresent(race -> {
                try {
                    Path page = TimelinePage.write(Timeline.of(context.getDisplayName(), false,
                            failure.getMessage() == null ? "The check failed." : failure.getMessage(), race.nodes(),
                            race.history(), race.fault()), folder().resolve(fileName(context)));
                    context.publishReportEntry("picture", "See it: " + page);
                } catch (IOException | RuntimeException e) {
                    failure.addSuppressed(e); // no picture, but the failure is what the learner needs
                }
            });
        }
        throw failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        LastRace.stop();
    }

    private static Path folder() {
        try {
            return WorkshopHome.current().dataFolder().resolve("pictures");
        } catch (IllegalStateException notInAWorkshop) {
            return Path.of(System.getProperty("java.io.tmpdir"), "lockstep-pictures");
        }
    }

    /** The check's class and method, for example {@code lab01-SeatSaleTest-oneSeatOneBuyer.html}. */
    private static String fileName(ExtensionContext context) {
        String lab = context.getRequiredTestClass().getPackageName().replaceFirst("^lockstep\\.", "");
        String check = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        return (lab + "-" + check).replaceAll("[^A-Za-z0-9_.-]", "_").toLowerCase(Locale.ROOT) + ".html";
    }
}
