package lockstep.workshop.booking;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a lock holder sends with each write to a fenced resource (Lab 06): who it is, and the fencing token of its
 * grant, if its lock gave one. A write with no token cannot be checked, so the resource applies it as it comes.
 *
 * <p>The pass also carries when the holder's lock was granted, on the race's one clock ({@link System#nanoTime()}).
 * No fence ever sees that: the resource only records it beside the write, so that the audit can tell a stale write
 * (one from a holder whose lock was granted to someone else since) whether or not the holder sent a token.
 *
 * @param holder          the buyer who holds the lock, for example {@code buyer-0042}
 * @param token           the fencing token of the holder's grant; empty when the lock gave none
 * @param grantedAtNanos  when the holder's lock was granted, for the audit only
 */
public record WritePass(String holder, OptionalLong token, long grantedAtNanos) {

    public WritePass {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(token, "token");
    }

    /** The token in words, for an answer or a step: {@code fencing token 7}, or {@code no fencing token}. */
    public String tokenInWords() {
        return token.isPresent() ? "fencing token " + token.getAsLong() : "no fencing token";
    }
}
