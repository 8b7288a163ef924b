package lockstep.lab06;

import java.util.Optional;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.grading.History;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import lockstep.workshop.race.LabFaults;
import lockstep.workshop.race.NamedFault;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;

/**
 * The lab's {@code pause-holder} fault in a race of separate node processes, as {@code ./lockstep race --lab 06
 * --fault pause-holder} runs it, smaller: the first buyer to begin charging a card has its whole node frozen
 * (SIGSTOP), every thread of its JVM, for longer than its ZooKeeper session. The session expires, its lock node goes,
 * and the next buyer in the queue gets A1's lock. When the node is let go (SIGCONT), its buyer carries on exactly where
 * it stopped: at the charge.
 */
final class FrozenHolder {

    static final int BUYERS = 100;
    static final int NODES = 5;

    /**
     * What happened.
     *
     * @param race       the race: its audit, and where the fault landed
     * @param history    every step of every buyer, on the one clock
     */
    record Outcome(RaceResult race, History history) {

        /** The first buyer granted A1's lock after the frozen one: who bought the seat while it slept. */
        Optional<StepEvent> nextHolder() {
            long frozenAt = race.fault().nanoTime();
            return history.events().stream()
                    .filter(event -> event.step() == Step.LOCK_GRANTED && event.nanoTime() > frozenAt)
                    .findFirst();
        }
    }

    private FrozenHolder() {
    }

    static Outcome run(Implementation code, String connectString) throws Exception {
        History history = new History();
        NamedFault pauseHolder = LabFaults.named(code.lab(), "pause-holder");
        RaceResult race = Race.run(RaceSetup.of(code).buyers(BUYERS).nodes(NODES).seats(1)
                .services(new Services(connectString, null)).steps(history).fault(pauseHolder.fault()));
        return new Outcome(race, history);
    }
}
