package dev.slipway.query;

/**
 * One {@code <entity>.<key> <comparator> <value>} term of a filter, with aliases already
 * resolved ({@code created} is {@code start_time}, {@code run name} is {@code run_name},
 * and so on).
 *
 * @param entity what the key names
 * @param key the metric, param, tag or attribute name; canonical for attributes
 * @param operator the comparator
 * @param value a {@link Value.Decimal} for numeric keys, a {@link Value.TextList} for
 * {@code IN}/{@code NOT IN}, otherwise a {@link Value.Text}
 */
public record Clause(Entity entity, String key, Operator operator, Value value) {

}
