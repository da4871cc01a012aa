package dev.slipway.registry;

/**
 * Every kind of registry change. The {@link #wireName()} is what audit records show as
 * the action and what webhook subscribers receive as the event type;
 * {@link #subscribable()} says whether webhooks can subscribe to it.
 */
public enum RegistryEventType {

	/** A registered model was created. */
	MODEL_CREATED("registered_model.created", true),

	/** A registered model was renamed. */
	MODEL_RENAMED("registered_model.renamed", false),

	/** A registered model's description changed. */
	MODEL_UPDATED("registered_model.updated", false),

	/** A registered model was deleted with its versions. */
	MODEL_DELETED("registered_model.deleted", false),

	/** A registered model's tag was set. */
	MODEL_TAG_SET("registered_model.tag_set", false),

	/** A registered model's tag was deleted. */
	MODEL_TAG_DELETED("registered_model.tag_deleted", false),

	/** A model version was created. */
	VERSION_CREATED("model_version.created", true),

	/** A model version's description changed. */
	VERSION_UPDATED("model_version.updated", false),

	/** A model version was deleted. */
	VERSION_DELETED("model_version.deleted", false),

	/** A model version's tag was set. */
	VERSION_TAG_SET("model_version.tag_set", false),

	/** A model version's tag was deleted. */
	VERSION_TAG_DELETED("model_version.tag_deleted", false),

	/** A model version moved to another stage (directly, by approval or by rollback). */
	STAGE_TRANSITIONED("model_version.stage_transitioned", true),

	/** An alias was set to a version (directly, by approval or by rollback). */
	ALIAS_SET("model_version.alias_set", true),

	/** An alias was removed. */
	ALIAS_REMOVED("model_version.alias_removed", true),

	/** Someone asked for a transition. */
	TRANSITION_REQUESTED("transition_request.created", true),

	/** A transition request was approved (and applied). */
	TRANSITION_APPROVED("transition_request.approved", true),

	/** A transition request was rejected. */
	TRANSITION_REJECTED("transition_request.rejected", true),

	/** A transition request was withdrawn, or voided by a deleted version. */
	TRANSITION_CANCELLED("transition_request.cancelled", false),

	/** A version was put back into a stage or under an alias by a rollback. */
	ROLLED_BACK("registered_model.rolled_back", false),

	/** A model's promotion policy changed. */
	POLICY_CHANGED("registered_model.policy_changed", false),

	/** A model's permissions changed. */
	PERMISSION_CHANGED("registered_model.permission_changed", false),

	/** A webhook was created, changed or deleted. */
	WEBHOOK_CHANGED("webhook.changed", false);

	private final String wireName;

	private final boolean subscribable;

	RegistryEventType(String wireName, boolean subscribable) {
		this.wireName = wireName;
		this.subscribable = subscribable;
	}

	/** The event's public name, such as {@code model_version.stage_transitioned}. */
	public String wireName() {
		return this.wireName;
	}

	/** Whether webhooks can subscribe to this event. */
	public boolean subscribable() {
		return this.subscribable;
	}

}
