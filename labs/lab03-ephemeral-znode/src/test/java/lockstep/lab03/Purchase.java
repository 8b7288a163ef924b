package lockstep.lab03;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;

/** One buyer's booking on a thread of its own; the answer is recorded as the race harness records it. */
final class Purchase {

    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Answer answer;

    private Purchase(TicketDesk desk, BoxOffice office, Buyer buyer) {
        this.thread = new Thread(() -> {
            office.serve(buyer);
            Answer result;
            try {
                result = desk.buy(buyer, office);
            } catch (Exception | AssertionError e) {
                result = Answer.failed(e.toString());
            }
            answer = result;
            try {
                office.recordAnswer(buyer, result);
            } catch (Exception e) {
                answer = Answer.failed("could not record the answer: " + e);
            } finally {
                done.countDown();
            }
        }, "buyer-" + buyer.id());
        thread.setDaemon(true);
    }

    static Purchase start(TicketDesk desk, BoxOffice office, Buyer buyer) {
        Purchase purchase = new Purchase(desk, office, buyer);
        purchase.thread.start();
        return purchase;
    }

    /** Waits until the buyer has an answer; false if they still have none after {@code budget}. */
    boolean awaitDone(Duration budget) throws InterruptedException {
        return done.await(budget.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The buyer's answer, or null while they have none. */
    Answer answer() {
        return answer;
    }
}
