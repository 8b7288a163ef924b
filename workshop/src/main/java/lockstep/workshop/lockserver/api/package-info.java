/**
 * What the lock server's HTTP endpoints mean, whichever wire carries them; {@code API.md} here is the reference.
 *
 * <p>The {@link lockstep.workshop.lockserver.api.Router Router} takes an
 * {@link lockstep.workshop.lockserver.api.ApiRequest ApiRequest} to one of three faces of the API
 * ({@link lockstep.workshop.lockserver.api.HolderTokenApi HolderTokenApi}, the safe one;
 * {@link lockstep.workshop.lockserver.api.OriginalApi OriginalApi}, the original workshop's, unsafe on purpose;
 * {@link lockstep.workshop.lockserver.api.ObserverApi ObserverApi}, the views), each of which checks its input
 * ({@link lockstep.workshop.lockserver.api.InputRules InputRules}), asks the lock table, and answers with a
 * {@link lockstep.workshop.lockserver.api.Reply Reply}: send now, send once the log is on disk, or send when a
 * waiting acquire's turn comes.
 *
 * <p>Public for the wire: the router, the request, the reply and the response, and
 * {@link lockstep.workshop.lockserver.api.ApiError ApiError}, because the wire refuses malformed requests in the
 * same words and JSON shape as the API refuses bad fields.
 */
package lockstep.workshop.lockserver.api;
