package lockstep.workshop.race;

/** A race could not run (as opposed to a race that ran and oversold); the message says why. */
public class RaceException extends Exception {

    private static final long serialVersionUID = 1L;

    public RaceException(String message) {
        super(message);
    }

    public RaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
