package lockstep.workshop.booking;

/**
 * The named points on the path of one booking. The toolkit reports each one as it happens, so
 * that {@code lockstep book} can print it, the history recorder can time it, and a grader can
 * pause or kill a buyer at exactly that point.
 *
 * <p>For the lock steps ({@code LOCK_*}) the event's detail is the name of the lock, so that the
 * history can tell which holders of which lock overlapped.
 */
public enum Step {
    /** The buyer asked a lock service for the seat's lock. */
    LOCK_ASKED("lock asked"),
    /** The lock service granted the lock. */
    LOCK_GRANTED("lock granted"),
    /** The lock service said someone else holds the lock. */
    LOCK_DENIED("lock denied"),
    /** The holder extended its lease. */
    LOCK_RENEWED("lock renewed"),
    /** The holder learned that its lock is gone (lease expired, session lost). */
    LOCK_LOST("lock lost"),
    /** The holder released the lock. */
    LOCK_RELEASED("lock released"),
    /** The buyer read whether the seat is free. */
    SEAT_CHECKED("seat checked"),
    /** The payment provider is about to charge the card; the payment takes a while. */
    CHARGING("charging card"),
    /** The card was charged and the charge recorded. */
    CARD_CHARGED("card charged"),
    /**
     * A fenced seat database (Lab 06) is about to check the holder's token and confirm the seat. Only a fenced
     * confirmation reports it: an unfenced one cannot be refused, so it reports only {@link #SEAT_CONFIRMED}.
     */
    CONFIRMING("confirming seat"),
    /** The seat was recorded as sold to the buyer, and a confirmation issued. */
    SEAT_CONFIRMED("seat confirmed"),
    /**
     * A fenced resource (Lab 06) refused the holder's write: the seat database a confirmation, or the payment
     * provider a charge. The detail says which write, and with which fencing token.
     */
    WRITE_REFUSED("write refused"),
    /** The buyer got an answer: booked, taken or failed. */
    ANSWERED("answered");

    private final String words;

    Step(String words) {
        this.words = words;
    }

    /** The step in plain words, as {@code lockstep book} prints it. */
    public String words() {
        return words;
    }

    /** The step's name on command lines and in fault plans, for example {@code charging} or {@code lock-granted}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
