package dev.slipway.security;

/**
 * What a search may show the caller: everything for admins; otherwise resources whose
 * effective permission (own grant, else resource default, else server default) is not
 * NONE. Searches turn it into SQL (see {@link #readableSql(ResourceType, String)}).
 *
 * @param all whether the caller sees everything
 * @param userId the caller's id
 * @param serverDefault the server-wide default permission
 */
public record Visibility(boolean all, long userId, Permission serverDefault) {

	/**
	 * A SQL condition true for the readable resources, where {@code idColumn} holds the
	 * resource's surrogate key. Values are literals: the user id is a number and the
	 * default one of four fixed names.
	 */
	public String readableSql(ResourceType type, String idColumn) {
		if (this.all) {
			return "1 = 1";
		}
		return "COALESCE((SELECT vp.permission FROM resource_permissions vp WHERE vp.resource_type = '" + type.name()
				+ "' AND vp.resource_id = " + idColumn + " AND vp.user_id = " + this.userId
				+ "), (SELECT vd.permission FROM resource_default_permissions vd WHERE vd.resource_type = '"
				+ type.name() + "' AND vd.resource_id = " + idColumn + "), '" + this.serverDefault.name()
				+ "') <> 'NONE'";
	}

}
