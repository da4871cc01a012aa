package dev.slipway.tracking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import dev.slipway.query.KeyValue;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL every key/value child table shares (experiment, run, input and logged-model
 * tags and params): a portable upsert and a grouped read. Table and column names are
 * constants of the callers, never input.
 */
final class TrackingRows {

	private TrackingRows() {
	}

	/**
	 * Sets {@code key} of one owner to {@code value}: an update, or an insert when the
	 * key is new (portable across PostgreSQL and H2, unlike their upsert dialects).
	 */
	static void upsert(JdbcClient jdbc, String table, String ownerColumn, String keyColumn, String valueColumn,
			long ownerId, String key, String value) {
		int updated = jdbc
			.sql("UPDATE " + table + " SET " + valueColumn + " = ? WHERE " + ownerColumn + " = ? AND " + keyColumn
					+ " = ?")
			.params(value, ownerId, key)
			.update();
		if (updated == 0) {
			jdbc.sql("INSERT INTO " + table + " (" + ownerColumn + ", " + keyColumn + ", " + valueColumn
					+ ") VALUES (?, ?, ?)")
				.params(ownerId, key, value)
				.update();
		}
	}

	/**
	 * Runs {@code sql} (selecting owner id, key, value, with an {@code = ANY(:ids)}
	 * condition) for {@code ownerIds} in chunks, grouping the pairs by owner.
	 */
	static Map<Long, List<KeyValue>> byOwner(JdbcClient jdbc, String sql, Collection<Long> ownerIds) {
		Map<Long, List<KeyValue>> result = new LinkedHashMap<>();
		for (List<Long> chunk : chunks(ownerIds)) {
			jdbc.sql(sql).param("ids", array(chunk)).query((rs, n) -> {
				result.computeIfAbsent(rs.getLong(1), (k) -> new ArrayList<>())
					.add(new KeyValue(rs.getString(2), rs.getString(3)));
				return null;
			}).list();
		}
		return result;
	}

	/**
	 * Runs {@code sql} (with an {@code = ANY(:ids)} condition) for {@code ids} in chunks
	 * and returns the rows in the order of {@code ids} (a search's order), leaving out
	 * ids with no row.
	 */
	static <T> List<T> inIdOrder(JdbcClient jdbc, String sql, List<Long> ids, RowMapper<T> mapper,
			ToLongFunction<T> idOf) {
		Map<Long, T> byId = new HashMap<>();
		for (List<Long> chunk : chunks(ids)) {
			jdbc.sql(sql)
				.param("ids", array(chunk))
				.query(mapper)
				.list()
				.forEach((row) -> byId.put(idOf.applyAsLong(row), row));
		}
		List<T> ordered = new ArrayList<>(byId.size());
		for (Long id : ids) {
			T row = byId.get(id);
			if (row != null) {
				ordered.add(row);
			}
		}
		return ordered;
	}

	/**
	 * Ids as one array parameter, for {@code column = ANY(:ids)}: one bound value instead
	 * of one per id (an {@code IN} list of 1,000 parameters cost PostgreSQL about 2 ms of
	 * planning per statement, seven statements per page of 1,000 runs), and one statement
	 * text whatever the count, so the driver prepares it once.
	 */
	static Long[] array(List<Long> ids) {
		return ids.toArray(Long[]::new);
	}

	/**
	 * Splits large id lists so no statement reads an unbounded number of rows at once.
	 */
	static List<List<Long>> chunks(Collection<Long> ids) {
		List<Long> all = new ArrayList<>(ids);
		List<List<Long>> chunks = new ArrayList<>();
		for (int from = 0; from < all.size(); from += 1000) {
			chunks.add(all.subList(from, Math.min(all.size(), from + 1000)));
		}
		return chunks;
	}

}
