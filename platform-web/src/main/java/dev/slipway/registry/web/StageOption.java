package dev.slipway.registry.web;

import dev.slipway.registry.Stage;
import dev.slipway.registry.TargetKind;

/**
 * A stage or alias a version can be sent to from its page.
 *
 * @param kind stage or alias
 * @param target the stage's name or the alias
 * @param label the target as text
 */
record StageOption(TargetKind kind, String target, String label) {

	static StageOption of(TargetKind kind, String target) {
		return new StageOption(kind, target, RequestTableRow.target(kind, target));
	}

	/**
	 * Whether "archive the versions there now" applies to the target: only the stages
	 * Staging and Production hold versions that way.
	 */
	static boolean archives(TargetKind kind, String target) {
		return kind == TargetKind.STAGE
				&& (Stage.STAGING.wireName().equals(target) || Stage.PRODUCTION.wireName().equals(target));
	}

	/** The option's value in a select: {@code STAGE:Production}. */
	public String value() {
		return this.kind.name() + ":" + this.target;
	}

}
