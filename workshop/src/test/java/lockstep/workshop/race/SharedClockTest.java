package lockstep.workshop.race;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The history of a --processes race puts events of several JVMs on one time line; this checks that it may. */
@DisplayName("System.nanoTime() on this machine")
class SharedClockTest {

    @Test
    @DisplayName("is one clock for every JVM: a child's reading falls between the parent's before and after")
    void oneClockForEveryJvm() throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), PrintNanoTime.class.getName()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String ready = out.readLine();
            assertThat(ready).isEqualTo("ready");
            long before = System.nanoTime();
            child.getOutputStream().write('\n');
            child.getOutputStream().flush();
            long childReading = Long.parseLong(out.readLine());
            long after = System.nanoTime();

            assertThat(childReading).isBetween(before, after);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    /** Prints its own System.nanoTime() when asked. */
    public static final class PrintNanoTime {
        public static void main(String[] args) throws Exception {
            System.out.println("ready");
            System.out.flush();
            System.in.read();
            System.out.println(System.nanoTime());
            System.out.flush();
        }
    }
}
