package lockstep.workshop.race;

import java.util.Optional;

/**
 * Where a buyer's thread is in the lab's code, from its stack: the deepest frame of the lab's own package (the
 * learner's file and line), and the call it is blocked in, such as {@code CountDownLatch.await}.
 */
public final class WhereItWaits {

    private WhereItWaits() {
    }

    /**
     * For example {@code in EphemeralLock.acquire (EphemeralLock.java:57), inside CountDownLatch.await}; empty when
     * the thread has ended or runs no code of {@code labPackage}.
     */
    public static Optional<String> of(Thread thread, String labPackage) {
        if (thread == null || !thread.isAlive()) {
            return Optional.empty();
        }
        StackTraceElement[] stack = thread.getStackTrace();
        for (int i = 0; i < stack.length; i++) {
            StackTraceElement frame = stack[i];
            if (frame.getClassName().startsWith(labPackage + ".")) {
                // The frame just above the learner's is the call it made and is still in: the wait itself.
                String inside = i > 0 ? ", inside " + shortName(stack[i - 1]) : "";
                return Optional.of("in " + shortName(frame) + " (" + frame.getFileName() + ":" + frame.getLineNumber()
                        + ")" + inside);
            }
        }
        return Optional.empty();
    }

    private static String shortName(StackTraceElement frame) {
        String className = frame.getClassName();
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple + "." + frame.getMethodName();
    }
}
