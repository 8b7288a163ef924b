/**
 * The lock server's write-ahead log: every change is written here and forced to disk before any client hears of it,
 * so the locks survive a crash, even {@code kill -9}.
 *
 * <p>{@link lockstep.workshop.lockserver.log.WriteAheadLog WriteAheadLog} appends and forces (group commit, compaction,
 * preallocation: its class comment says why each); {@link lockstep.workshop.lockserver.log.LogRecovery LogRecovery}
 * reads the newest complete file back at start. The line format and the file names are private to this package.
 */
package lockstep.workshop.lockserver.log;
