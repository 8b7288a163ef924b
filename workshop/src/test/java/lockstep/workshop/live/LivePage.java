package lockstep.workshop.live;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lockstep.workshop.browser.BrowserTab;

/**
 * The live view's page as a test reads it, open in a browser tab: the state it is in, the card of each lock, the
 * problem it reports, its events. Each {@code await} waits for the page to follow a change, within the tab's budget.
 */
final class LivePage {

    private final BrowserTab tab;

    LivePage(BrowserTab tab) {
        this.tab = tab;
    }

    /** Waits until the page draws looks of a service that answers and holds no lock. */
    void awaitNoLocks() {
        tab.awaitTrue(root("state") + " === 'live' && " + root("locks") + " === '0'", "the page shows that no lock is held");
    }

    /** Waits until the page reports, from a look, that the lock service does not answer. */
    void awaitServiceDown() {
        tab.awaitTrue(root("state") + " === 'service-down'", "the page says that the lock service does not answer");
    }

    /** Waits until the card of {@code lock} names {@code holder} with at least {@code waiting} waiting for it. */
    void awaitHolder(String lock, String holder, int waiting) {
        tab.awaitTrue(card(lock) + "?.dataset.holder === " + quoted(holder) + " && +" + card(lock) + ".dataset.waiting >= "
                + waiting, "the card of " + lock + " names " + holder + " as its holder, with " + waiting
                + " or more waiting");
    }

    /** Waits until the page draws no card for {@code lock} any more, from a look of a service that answers. */
    void awaitGone(String lock) {
        tab.awaitTrue(root("state") + " === 'live' && " + card(lock) + " === undefined",
                "the card of " + lock + " is gone from the page");
    }

    /** Everything the card of {@code lock} says, as text. */
    String cardText(String lock) {
        return tab.evaluate(card(lock) + "?.innerText");
    }

    /** The sentence the page shows above the locks, or empty. */
    String problem() {
        return tab.evaluate("document.getElementById('problem').hidden ? '' : document.getElementById('problem').innerText");
    }

    /** The events listed under the locks, one line each: time, kind and text, one space apart. */
    List<String> events() {
        String lines = tab.evaluate("[...document.querySelectorAll('#events .event')]"
                + ".map(event => [...event.children].map(part => part.textContent).join(' ')).join('\\n')");
        return lines.isEmpty() ? List.of() : Arrays.asList(lines.split("\n"));
    }

    /** When the page first drew {@code holder} on the card of {@code lock}, on this machine's wall clock. */
    long firstSeenMillis(String lock) {
        return Long.parseLong(tab.evaluate(card(lock) + ".dataset.firstSeen"));
    }

    /** The errors the page logged: those the browser heard, and those its own handler kept on the page. */
    List<String> errors() {
        List<String> errors = new ArrayList<>(tab.errors());
        String kept = tab.evaluate(root("errors"));
        if (!kept.isEmpty()) {
            errors.add("kept on the page: " + kept);
        }
        return errors;
    }

    private static String root(String attribute) {
        return "document.documentElement.dataset." + attribute;
    }

    private static String card(String lock) {
        return "[...document.querySelectorAll('.lock')].find(card => card.dataset.name === " + quoted(lock) + ")";
    }

    private static String quoted(String text) {
        try {
            return JSON.std.asString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
