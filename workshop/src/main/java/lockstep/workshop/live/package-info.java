/**
 * The live view for the projector: what a lab's lock service holds right now, looked at every 500 ms and drawn in a
 * browser as it changes ({@code ./lockstep visualize --web}).
 *
 * <p>What is seen is kept apart from how it is drawn. Each kind of lock service has a reader that looks at it
 * ({@link lockstep.workshop.live.LockServerReader}, {@link lockstep.workshop.live.ZnodeReader}) and a snapshot record
 * of what one look saw. Every snapshot says itself as one {@link lockstep.workshop.live.Board}, the page's only
 * vocabulary (a card per lock: its holder, facts, waiters; then recent events), so a new kind of lock service is one
 * more reader and snapshot, never a new page. The terminal draws the same snapshots as text ({@code cli}).
 * {@link lockstep.workshop.live.LiveViewServer} serves the page and streams each new look to it.
 */
package lockstep.workshop.live;
