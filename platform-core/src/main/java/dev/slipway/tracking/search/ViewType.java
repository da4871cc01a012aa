package dev.slipway.tracking.search;

import java.util.Locale;

import dev.slipway.error.SlipwayException;
import dev.slipway.query.Texts;

/** Which lifecycle stages a search returns, as MLflow's {@code ViewType}. */
public enum ViewType {

	/** Only active entities; the default when a request names none. */
	ACTIVE_ONLY(1),

	/** Only deleted entities. */
	DELETED_ONLY(2),

	/** Active and deleted entities. */
	ALL(3);

	private final int number;

	ViewType(int number) {
		this.number = number;
	}

	/** The number of this value in MLflow's {@code service.proto} enum. */
	public int number() {
		return this.number;
	}

	/**
	 * Reads a view type as MLflow clients send it: a name in any case
	 * ({@code ACTIVE_ONLY}, {@code DELETED_ONLY}, {@code ALL}) or the proto number
	 * ({@code 1}, {@code 2}, {@code 3}). {@code null} or blank is {@link #ACTIVE_ONLY}.
	 */
	public static ViewType parse(String value) {
		return parse("view_type", value);
	}

	/** As {@link #parse(String)}, naming {@code field} in the error. */
	public static ViewType parse(String field, String value) {
		if (value == null || value.isBlank()) {
			return ACTIVE_ONLY;
		}
		String wanted = value.strip();
		for (ViewType type : values()) {
			if (type.name().equals(wanted.toUpperCase(Locale.ROOT)) || String.valueOf(type.number).equals(wanted)) {
				return type;
			}
		}
		throw SlipwayException.invalidArgument(field, "invalid view type " + Texts.quote(wanted)
				+ "; expected one of ACTIVE_ONLY, DELETED_ONLY, ALL (or 1, 2, 3)");
	}

	/** The lifecycle stage this view is limited to, or {@code null} for {@link #ALL}. */
	String lifecycleStage() {
		return switch (this) {
			case ACTIVE_ONLY -> "active";
			case DELETED_ONLY -> "deleted";
			case ALL -> null;
		};
	}

}
