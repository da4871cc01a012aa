package dev.slipway.pipelines;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The processes of one local step attempt: its root process, every process of its session
 * when it was started in a session of its own, all their descendants, and every process
 * of the tree seen before (so one that left the session and lost its parent is still
 * found). Stopping it signals each of them.
 */
final class ProcessTree {

	private static final long CHECK_INTERVAL_MILLIS = 100;

	private final ProcessHandle root;

	private final boolean ownSession;

	/**
	 * The tree's processes seen so far. A handle remembers its process's start time, so a
	 * pid reused by an unrelated process is neither alive nor signalled through it.
	 */
	private final Map<Long, ProcessHandle> seen = new ConcurrentHashMap<>();

	/**
	 * @param root the step's process
	 * @param ownSession whether {@code root} leads a session of its own (started through
	 * {@code setsid}), so that every process of that session belongs to the step
	 */
	ProcessTree(ProcessHandle root, boolean ownSession) {
		this.root = root;
		this.ownSession = ownSession;
	}

	ProcessHandle root() {
		return this.root;
	}

	/** The living processes of the tree, now. */
	Collection<ProcessHandle> members() {
		return members(ProcessTable.readIfAvailable());
	}

	/**
	 * The living processes of the tree according to {@code table} (or to
	 * {@link ProcessHandle#descendants()} when {@code table} is {@code null}), remembered
	 * for later rounds.
	 */
	Collection<ProcessHandle> members(ProcessTable table) {
		this.seen.values().removeIf((handle) -> !handle.isAlive());
		Map<Long, ProcessHandle> found = new HashMap<>(this.seen);
		if (this.root.isAlive()) {
			found.put(this.root.pid(), this.root);
		}
		if (table != null) {
			// The session outlives its leader (the kernel keeps the leader's pid reserved
			// while the session has processes), so it is searched even after the root
			// ended.
			Set<Long> pids = table.tree(List.copyOf(found.keySet()), this.ownSession ? this.root.pid() : -1);
			for (Long pid : pids) {
				if (!found.containsKey(pid)) {
					ProcessHandle.of(pid).ifPresent((handle) -> found.put(pid, handle));
				}
			}
		}
		else {
			for (ProcessHandle handle : List.copyOf(found.values())) {
				handle.descendants().forEach((descendant) -> found.put(descendant.pid(), descendant));
			}
		}
		found.remove(ProcessHandle.current().pid());
		this.seen.putAll(found);
		return new ArrayList<>(found.values());
	}

	/**
	 * Stops the tree: the polite signal (SIGTERM) to every process, then, for those still
	 * alive after {@code grace}, the forced end (SIGKILL), repeated until none is left or
	 * {@code patience} more has passed (a process stuck in the kernel cannot be killed at
	 * once). Blocks meanwhile.
	 * @return whether the tree is gone
	 */
	boolean stop(Duration grace, Duration patience) {
		long graceEnd = System.nanoTime() + grace.toNanos();
		long giveUp = graceEnd + patience.toNanos();
		members().forEach(ProcessHandle::destroy);
		while (true) {
			Collection<ProcessHandle> members = members();
			if (members.isEmpty()) {
				return true;
			}
			long now = System.nanoTime();
			if (now - giveUp >= 0) {
				return false;
			}
			if (now - graceEnd >= 0) {
				// Each round, since a process forked after the last round is new.
				members.forEach(ProcessHandle::destroyForcibly);
			}
			try {
				TimeUnit.MILLISECONDS.sleep(CHECK_INTERVAL_MILLIS);
			}
			catch (InterruptedException ex) {
				// No time left to be polite: nothing may outlive a stop.
				members().forEach(ProcessHandle::destroyForcibly);
				Thread.currentThread().interrupt();
				return false;
			}
		}
	}

}
