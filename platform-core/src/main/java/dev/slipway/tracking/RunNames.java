package dev.slipway.tracking;

import java.security.SecureRandom;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Friendly generated run names ("bold-otter-417"), as MLflow gives runs started without
 * one.
 */
final class RunNames {

	private static final List<String> ADJECTIVES = List.of("able", "bold", "brave", "bright", "calm", "clever", "crisp",
			"eager", "fair", "fast", "gentle", "glad", "grand", "keen", "kind", "lively", "lucky", "merry", "neat",
			"nimble", "proud", "quick", "quiet", "rare", "sharp", "shy", "sleek", "smart", "steady", "sunny", "swift",
			"tidy", "vivid", "warm", "wise", "witty", "zesty");

	private static final List<String> NOUNS = List.of("badger", "bear", "bee", "crane", "deer", "dolphin", "eagle",
			"falcon", "fox", "gull", "hare", "hawk", "heron", "ibis", "jay", "koala", "lark", "lion", "lynx", "mole",
			"newt", "otter", "owl", "panda", "puffin", "quail", "raven", "seal", "shrew", "skunk", "slug", "snail",
			"sparrow", "stork", "swan", "tern", "toad", "trout", "wolf", "wren", "yak", "zebra");

	private static final RandomGenerator RANDOM = new SecureRandom();

	private RunNames() {
	}

	static String generate() {
		return ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(RANDOM.nextInt(NOUNS.size())) + "-"
				+ RANDOM.nextInt(1000);
	}

}
