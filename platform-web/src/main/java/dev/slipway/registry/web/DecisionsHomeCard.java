package dev.slipway.registry.web;

import java.time.Clock;
import java.util.List;

import dev.slipway.home.web.HomeCard;
import dev.slipway.home.web.HomeCardProvider;
import dev.slipway.home.web.HomeTime;
import dev.slipway.registry.RegistryOverview;
import dev.slipway.registry.RegistryOverview.PendingDecisions;
import dev.slipway.registry.TargetKind;
import dev.slipway.registry.TransitionRequest;

import org.springframework.stereotype.Component;

/**
 * The registry's card of requests waiting for the user's decision on the home page, from
 * one read; only for those who may decide requests (MAINTAINER and up).
 */
@Component
class DecisionsHomeCard implements HomeCardProvider {

	/** Requests the card lists. */
	static final int LIMIT = 10;

	private final RegistryOverview overview;

	private final Clock clock;

	DecisionsHomeCard(RegistryOverview overview, Clock clock) {
		this.overview = overview;
		this.clock = clock;
	}

	@Override
	public List<HomeCard> cards() {
		PendingDecisions pending = this.overview.pendingDecisions(LIMIT);
		if (!pending.decider()) {
			return List.of();
		}
		long now = this.clock.millis();
		List<RequestRow> rows = pending.requests().stream().map((request) -> RequestRow.of(request, now)).toList();
		return List.of(new HomeCard("pending-decisions", 10, "Waiting for your decision", "models/home-cards",
				"pendingDecisions", new Decisions(rows, pending.total()), true, null));
	}

	/**
	 * What the card shows.
	 *
	 * @param requests the newest pending requests
	 * @param total how many are pending in all
	 */
	record Decisions(List<RequestRow> requests, long total) {

		/** Whether more are pending than the card lists. */
		public boolean more() {
			return this.total > this.requests.size();
		}

	}

	/**
	 * A pending request.
	 *
	 * @param id the request's id
	 * @param model the model's name
	 * @param version the version number
	 * @param versionHref the version's page
	 * @param target where it should go, e.g. {@code stage Production} or
	 * {@code alias @champion}
	 * @param requestedBy who asked
	 * @param requestedAt when
	 * @param comment the requester's comment, or null
	 * @param decideHref the model page's requests, where it is approved or rejected
	 */
	record RequestRow(long id, String model, int version, String versionHref, String target, String requestedBy,
			HomeTime requestedAt, String comment, String decideHref) {

		static RequestRow of(TransitionRequest request, long now) {
			String modelHref = ModelsHomeCard.modelHref(request.modelName());
			String target = (request.targetKind() == TargetKind.STAGE) ? "stage " + request.target()
					: "alias @" + request.target();
			return new RequestRow(request.id(), request.modelName(), request.version(),
					modelHref + "/versions/" + request.version(), target, request.requestedBy(),
					HomeTime.of(request.requestedAt(), now), request.comment(), modelHref + "#requests");
		}

	}

}
