package lockstep.selftest;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.grading.CheckResult;
import lockstep.workshop.grading.GradeReport;
import lockstep.workshop.grading.GraderRun;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.WorkshopHome;

/**
 * One grader run in a JVM of its own, for the graders that count ZooKeeper's reads or watch notifications. ZooKeeper
 * keeps those counts once per JVM, for every server in it, and sets them back to zero whenever a server starts there;
 * in a JVM of its own, a proof's counts are its own, so it can run beside the others.
 *
 * <p>The parent starts {@link #main} with the same Java, class path and {@code lockstep.*} properties, and reads the
 * report back from a file: the checks' names, statuses and messages, which is all the self-test judges.
 */
final class ProofInItsOwnJvm {

    /** Far longer than any grade takes: a child still running then hangs, and is killed. */
    private static final Duration LONGEST = Duration.ofMinutes(20);
    /** How much of a failed child's output its error quotes. */
    private static final int QUOTED_LINES = 40;
    private static final String NO_NAME = "-";

    private ProofInItsOwnJvm() {
    }

    /**
     * Runs {@code lab}'s grader in a new JVM against the implementation called {@code code} (as
     * {@code ./lockstep grade --impl} names it), on every check or on {@code check} alone, and returns the report.
     *
     * @throws IllegalStateException if the child ended without a report, or ran longer than 20 minutes; the message
     *     quotes the end of its output
     */
    static GradeReport run(Lab lab, String code, String check) throws IOException, InterruptedException {
        Path report = Files.createTempFile("lockstep-proof-", ".report");
        Path output = Files.createTempFile("lockstep-proof-", ".log");
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            for (Map.Entry<Object, Object> property : System.getProperties().entrySet()) {
                if (property.getKey().toString().startsWith("lockstep.")) {
                    command.add("-D" + property.getKey() + "=" + property.getValue());
                }
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), ProofInItsOwnJvm.class.getName(),
                    lab.id(), code, check == null ? NO_NAME : check,
                    report.toString()));
            Process child = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            boolean ended = child.waitFor(LONGEST.toMinutes(), TimeUnit.MINUTES);
            if (!ended) {
                child.destroyForcibly().waitFor();
            }
            if (!ended || child.exitValue() != 0 || Files.size(report) == 0) {
                throw new IllegalStateException("The proof of " + lab + " against " + code
                        + " in a JVM of its own " + (ended ? "ended with exit code " + child.exitValue()
                        + " and no report" : "ran longer than " + LONGEST.toMinutes() + " minutes and was killed")
                        + ". The end of its output:\n  " + String.join("\n  ", lastLines(output)));
            }
            try (InputStream in = Files.newInputStream(report)) {
                return read(new DataInputStream(in));
            }
        } finally {
            Files.deleteIfExists(report);
            Files.deleteIfExists(output);
        }
    }

    /** In the child: {@code LAB CODE CHECK-or-'-' REPORT-FILE}. */
    public static void main(String[] args) throws IOException {
        Lab lab = LabCatalog.parse(args[0]);
        Implementations implementations = new Implementations(WorkshopHome.current());
        GraderRun run = GraderRun.of(implementations.graderClasses(lab), implementations.named(lab, args[1]));
        if (!args[2].equals(NO_NAME)) {
            run.onlyCheck(args[2]);
        }
        GradeReport report = run.run(check -> { });
        try (OutputStream out = Files.newOutputStream(Path.of(args[3]))) {
            write(report, new DataOutputStream(out));
        }
        // A grader's fault may leave a thread behind (a frozen holder, a client retrying); the report is written.
        System.exit(0);
    }

    private static void write(GradeReport report, DataOutputStream out) throws IOException {
        out.writeInt(report.checks().size());
        for (CheckResult check : report.checks()) {
            out.writeInt(check.task());
            writeText(out, check.group());
            writeText(out, check.name());
            writeText(out, check.status().name());
            writeText(out, check.message());
            out.writeInt(check.notes().size());
            for (String note : check.notes()) {
                writeText(out, note);
            }
            out.writeInt(check.hintTask());
            out.writeLong(check.took().toMillis());
        }
    }

    private static GradeReport read(DataInputStream in) throws IOException {
        List<CheckResult> checks = new ArrayList<>();
        for (int count = in.readInt(); checks.size() < count; ) {
            int task = in.readInt();
            String group = readText(in);
            String name = readText(in);
            CheckResult.Status status = CheckResult.Status.valueOf(readText(in));
            String message = readText(in);
            List<String> notes = new ArrayList<>();
            for (int noteCount = in.readInt(); notes.size() < noteCount; ) {
                notes.add(readText(in));
            }
            int hintTask = in.readInt();
            Duration took = Duration.ofMillis(in.readLong());
            checks.add(new CheckResult(task, group, name, status, message, notes, hintTask, took));
        }
        return new GradeReport(checks);
    }

    /** Text of any length ({@code writeUTF} stops at 64 KB, and a failure that quotes a history can be longer). */
    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }

    private static List<String> lastLines(Path output) throws IOException {
        List<String> lines = new String(Files.readAllBytes(output), StandardCharsets.UTF_8).lines().toList();
        return lines.subList(Math.max(0, lines.size() - QUOTED_LINES), lines.size());
    }
}
