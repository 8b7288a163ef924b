package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The grade book remembers each task")
class GradeBookTest {

    private static final TreeSet<Integer> THREE_TASKS = new TreeSet<>(List.of(1, 2, 3));

    @TempDir
    Path folder;

    @Test
    @DisplayName("A grade of one task counts, and the next task is the first not yet graded")
    void aGradeOfOneTaskCounts() throws Exception {
        Path sources = sources("v1");
        GradeBook book = new GradeBook(folder.resolve("grades"));

        GradeBook.Entry entry = book.record("03", sources, report(check(1, true), check(1, true)), THREE_TASKS);

        assertThat(entry.state()).isEqualTo(GradeBook.State.PARTLY_GRADED);
        assertThat(entry.nextTask()).isEqualTo(2);
        assertThat(book.last("03", sources).orElseThrow().nextTask()).isEqualTo(2);
    }

    @Test
    @DisplayName("Tasks graded one by one add up to passing, and a failing task comes first")
    void tasksAddUp() throws Exception {
        Path sources = sources("v1");
        GradeBook book = new GradeBook(folder.resolve("grades"));

        book.record("03", sources, report(check(2, true)), THREE_TASKS);
        book.record("03", sources, report(check(3, false)), THREE_TASKS);
        assertThat(book.last("03", sources).orElseThrow().nextTask()).isEqualTo(3);
        assertThat(book.last("03", sources).orElseThrow().state()).isEqualTo(GradeBook.State.FAILING);

        book.record("03", sources, report(check(3, true)), THREE_TASKS);
        GradeBook.Entry entry = book.record("03", sources, report(check(1, true)), THREE_TASKS);
        assertThat(entry.state()).isEqualTo(GradeBook.State.PASSING);
        assertThat(entry.nextTask()).isZero();
    }

    @Test
    @DisplayName("An edit of the code starts the book afresh")
    void anEditStartsAfresh() throws Exception {
        Path sources = sources("v1");
        GradeBook book = new GradeBook(folder.resolve("grades"));
        book.record("03", sources, report(check(1, true)), THREE_TASKS);

        Files.writeString(sources.resolve("Lock.java"), "v2");

        assertThat(book.last("03", sources).orElseThrow().state()).isEqualTo(GradeBook.State.CHANGED);
        GradeBook.Entry entry = book.record("03", sources, report(check(2, true)), THREE_TASKS);
        assertThat(entry.tasks()).containsOnlyKeys(2);
    }

    private Path sources(String content) throws Exception {
        Path sources = Files.createDirectories(folder.resolve("src"));
        Files.writeString(sources.resolve("Lock.java"), content);
        return sources;
    }

    private static GradeReport report(CheckResult... checks) {
        return new GradeReport(List.of(checks));
    }

    private static CheckResult check(int task, boolean passed) {
        return new CheckResult(task, "group", "check of task " + task,
                passed ? CheckResult.Status.PASSED : CheckResult.Status.FAILED, passed ? "" : "it failed");
    }
}
