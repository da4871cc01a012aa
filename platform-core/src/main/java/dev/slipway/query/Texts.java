package dev.slipway.query;

/**
 * Shows user text inside error messages: quoted, shortened, without control characters.
 */
public final class Texts {

	private static final int MAX_SHOWN = 40;

	private Texts() {
	}

	public static String quote(String text) {
		StringBuilder shown = new StringBuilder(Math.min(text.length(), MAX_SHOWN) + 5);
		shown.append('\'');
		int count = 0;
		for (int i = 0; i < text.length(); i++) {
			if (count == MAX_SHOWN) {
				shown.append("...");
				break;
			}
			char c = text.charAt(i);
			shown.append(Character.isISOControl(c) ? '?' : c);
			count++;
		}
		return shown.append('\'').toString();
	}

}
