package dev.slipway.registry.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import dev.slipway.home.web.HomeCard;
import dev.slipway.home.web.HomeCardProvider;
import dev.slipway.home.web.HomeTime;
import dev.slipway.registry.RegistryOverview;
import dev.slipway.registry.RegistryOverview.PromotedModel;
import dev.slipway.registry.RegistryOverview.StagedVersion;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * The registry's card of live models on the home page, from one read: the models the user
 * may read with versions in Production or Staging.
 */
@Component
class ModelsHomeCard implements HomeCardProvider {

	/** Models the card lists. */
	static final int LIMIT = 10;

	private final RegistryOverview overview;

	private final Clock clock;

	ModelsHomeCard(RegistryOverview overview, Clock clock) {
		this.overview = overview;
		this.clock = clock;
	}

	@Override
	public List<HomeCard> cards() {
		long now = this.clock.millis();
		List<ModelRow> models = this.overview.promoted(LIMIT).stream().map((model) -> ModelRow.of(model, now)).toList();
		return List.of(new HomeCard("live-models", 40, "In production and staging", "models/home-cards",
				"promotedModels", models, false, new HomeCard.Link("All models", "/models")));
	}

	/** The page of a registered model: its name is one path segment, encoded. */
	static String modelHref(String name) {
		return "/models/" + UriUtils.encodePathSegment(name, StandardCharsets.UTF_8);
	}

	/**
	 * A model in the card.
	 *
	 * @param name the model's name
	 * @param href its page
	 * @param production its newest versions in Production
	 * @param staging its newest versions in Staging
	 * @param changed the latest move into one of those stages
	 */
	record ModelRow(String name, String href, List<VersionBadge> production, List<VersionBadge> staging,
			HomeTime changed) {

		static ModelRow of(PromotedModel model, long now) {
			String href = modelHref(model.name());
			return new ModelRow(model.name(), href, badges(href, model.production(), now),
					badges(href, model.staging(), now), HomeTime.of(model.lastChange(), now));
		}

		private static List<VersionBadge> badges(String modelHref, List<StagedVersion> versions, long now) {
			return versions.stream().map((version) -> VersionBadge.of(modelHref, version, now)).toList();
		}

	}

	/**
	 * A version in a stage.
	 *
	 * @param version its number
	 * @param href its page
	 * @param badge the stage badge's classes
	 * @param stage the stage's name
	 * @param title who moved it there and when, as the badge's tooltip
	 */
	record VersionBadge(int version, String href, String badge, String stage, String title) {

		static VersionBadge of(String modelHref, StagedVersion version, long now) {
			String stage = version.stage().wireName();
			HomeTime since = HomeTime.of(version.since(), now);
			String title = stage + ((since != null) ? " since " + since.exact() : "")
					+ ((version.by() != null) ? " by " + version.by() : "");
			return new VersionBadge(version.version(), modelHref + "/versions/" + version.version(),
					"badge stage-" + version.stage().name().toLowerCase(Locale.ROOT), stage, title);
		}

	}

}
