package dev.slipway.pipelines;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of the machine's living processes, read from {@code /proc} (Linux). It tells
 * what {@link ProcessHandle} does not: each process's session, which is how the local
 * executor finds the processes of a step that were reparented away from it (a background
 * job whose parent exited still belongs to the step's session).
 */
final class ProcessTable {

	private static final Path PROC = Path.of("/proc");

	private final Map<Long, Row> rows;

	private final Map<Long, List<Long>> children;

	private ProcessTable(Map<Long, Row> rows) {
		this.rows = rows;
		this.children = new HashMap<>();
		rows.values()
			.forEach((row) -> this.children.computeIfAbsent(row.parent(), (key) -> new ArrayList<>()).add(row.pid()));
	}

	/** Whether this machine has a readable {@code /proc}. */
	static boolean available() {
		return Files.isReadable(PROC.resolve("self").resolve("stat"));
	}

	/** Reads the table now, or returns {@code null} without {@code /proc}. */
	static ProcessTable readIfAvailable() {
		return available() ? read() : null;
	}

	/**
	 * Reads the table now. Zombies are left out: they are dead, and on a machine whose
	 * init does not reap (some containers) they would otherwise never go away.
	 */
	static ProcessTable read() {
		Map<Long, Row> rows = new HashMap<>();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
					Row row = row(entry.resolve("stat"));
					if (row != null) {
						rows.put(row.pid(), row);
					}
				}
			}
		}
		catch (IOException ex) {
			// A table missing some processes only makes a stop look twice, the next
			// round reads it again.
		}
		return new ProcessTable(rows);
	}

	private static Row row(Path stat) {
		String text;
		try {
			text = Files.readString(stat);
		}
		catch (IOException ex) {
			// The process ended between the listing and the read.
			return null;
		}
		// "pid (command) state ppid pgrp session ...": the command may hold spaces and
		// parentheses, so the fields are counted from the last ')'.
		int close = text.lastIndexOf(')');
		int open = text.indexOf('(');
		if (close < 0 || open < 0) {
			return null;
		}
		String[] fields = text.substring(close + 1).trim().split(" ");
		if (fields.length < 4) {
			return null;
		}
		char state = fields[0].charAt(0);
		if (state == 'Z' || state == 'X') {
			return null;
		}
		try {
			return new Row(Long.parseLong(text.substring(0, open).trim()), Long.parseLong(fields[1]),
					Long.parseLong(fields[3]));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** The session of a living process, or {@code -1} when it is not in the table. */
	long sessionOf(long pid) {
		Row row = this.rows.get(pid);
		return (row != null) ? row.session() : -1;
	}

	/**
	 * The living processes among {@code roots}, every process of {@code session} (none
	 * when it is {@code -1}), and all their descendants.
	 */
	Set<Long> tree(Collection<Long> roots, long session) {
		Set<Long> found = new HashSet<>();
		Deque<Long> next = new ArrayDeque<>();
		for (Long root : roots) {
			if (this.rows.containsKey(root)) {
				next.add(root);
			}
		}
		if (session > 0) {
			this.rows.values().stream().filter((row) -> row.session() == session).map(Row::pid).forEach(next::add);
		}
		while (!next.isEmpty()) {
			long pid = next.poll();
			if (found.add(pid)) {
				next.addAll(this.children.getOrDefault(pid, List.of()));
			}
		}
		return found;
	}

	private record Row(long pid, long parent, long session) {
	}

}
