package dev.slipway.home.web;

/**
 * One card of the home page, as a feature contributes it ({@link HomeCardProvider}). The
 * page orders the cards by {@code order} and renders each with its feature's own
 * fragment, which finds the card's view in the variable {@code view}.
 *
 * <p>
 * Orders in use: things to act on first (alerts 0–9, {@code 10} requests waiting for a
 * decision), then recent work ({@code 20} runs, {@code 30} experiments; pipeline runs
 * 35), what is live ({@code 40} models in Production or Staging; deployments 50), and
 * {@code 90} operations last.
 *
 * @param id the card's element id, unique on the page
 * @param order where it goes, lowest first
 * @param title the card's heading
 * @param template the template holding the fragment, e.g. {@code experiments/home-cards}
 * @param fragment the fragment's name in that template
 * @param view what the fragment shows
 * @param wide whether the card takes the page's full width
 * @param more a link to the feature's own pages, or null
 */
public record HomeCard(String id, int order, String title, String template, String fragment, Object view, boolean wide,
		Link more) {

	/**
	 * A link at the head of a card.
	 *
	 * @param label what it says
	 * @param href where it goes, a path of this server
	 */
	public record Link(String label, String href) {
	}

}
