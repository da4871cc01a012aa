package dev.slipway.registry;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

/**
 * The registry's naming rules, checked before anything is read: model names, version
 * numbers, MLflow's alias rule and the canonical name of a stage or alias target.
 */
final class RegistryNames {

	private static final Pattern ALIAS = Pattern.compile("[\\w\\-]+");

	private static final Pattern VERSION_LIKE = Pattern.compile("[vV]\\d+");

	private RegistryNames() {
	}

	/** MLflow's wording, which scripts grep for. */
	static SlipwayException modelNotFound(String name) {
		return new SlipwayException(ErrorCode.NOT_FOUND, "Registered Model with name=" + name + " not found");
	}

	static String requireName(String name) {
		if (name == null || name.isBlank()) {
			throw SlipwayException.invalidArgument("name", "a registered model name is required");
		}
		return name;
	}

	static int parseVersion(String version) {
		if (version == null || version.isBlank()) {
			throw SlipwayException.invalidArgument("version", "a version number is required");
		}
		try {
			int number = Integer.parseInt(version.trim());
			if (number < 1) {
				throw SlipwayException.invalidArgument("version", "'" + version + "' is not a version number");
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw SlipwayException.invalidArgument("version", "'" + version + "' is not a version number");
		}
	}

	/**
	 * MLflow's alias rule: 1 to 255 word characters or dashes, not {@code v<N>} or
	 * {@code latest}.
	 */
	static String validateAlias(String alias) {
		if (alias == null || alias.isEmpty()) {
			throw SlipwayException.invalidArgument("alias", "an alias is required");
		}
		if (alias.length() > 255 || !ALIAS.matcher(alias).matches()) {
			throw SlipwayException.invalidArgument("alias",
					"'" + alias + "' must be 1 to 255 letters, digits, '_' or '-'");
		}
		if (VERSION_LIKE.matcher(alias).matches() || alias.toLowerCase(Locale.ROOT).equals("latest")) {
			throw SlipwayException.invalidArgument("alias",
					"'" + alias + "' is reserved: aliases may not look like a version (v<N>) or be 'latest'");
		}
		return alias;
	}

	/** The target's canonical name: a stage's wire name, or a valid alias. */
	static String canonicalTarget(TargetKind kind, String target) {
		if (kind == null) {
			throw SlipwayException.invalidArgument("target_kind", "must be STAGE or ALIAS");
		}
		return (kind == TargetKind.STAGE) ? Stage.parse(target).wireName() : validateAlias(target);
	}

}
