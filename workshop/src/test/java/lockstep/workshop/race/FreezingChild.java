package lockstep.workshop.race;

/**
 * A JVM that only watches itself for freezes, run by {@link FreezeWatchTest}: it says {@code WATCHING}, then
 * {@code FROZE <millis>} for each freeze it notices, until it is killed.
 */
public final class FreezingChild {

    private FreezingChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        FreezeWatch.onFreeze(freeze -> say("FROZE " + freeze.length().toMillis()));
        FreezeWatch.start("child");
        say("WATCHING");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
