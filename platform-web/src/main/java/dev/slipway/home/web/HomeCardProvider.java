package dev.slipway.home.web;

import java.util.List;

/**
 * What one feature puts on the home page: a bean per feature that makes one read of its
 * own core service (filtered and bounded there, in SQL) and turns it into cards. The home
 * page collects every provider, so a new feature adds its cards without touching the
 * page.
 */
public interface HomeCardProvider {

	/**
	 * This feature's cards for the signed-in user; none when it has nothing to show them.
	 */
	List<HomeCard> cards();

}
