package dev.slipway.system;

/**
 * A setting that keeps Slipway from starting. Start-up prints it as one line naming the
 * environment variable to fix, never as a stack trace.
 */
public class InvalidSettingException extends RuntimeException {

	private final String setting;

	/**
	 * @param setting the environment variable a person sets, e.g.
	 * {@code SLIPWAY_DATABASE_URL}
	 * @param problem what is wrong with it, without secrets
	 */
	public InvalidSettingException(String setting, String problem) {
		super(setting + ": " + problem);
		this.setting = setting;
	}

	public InvalidSettingException(String setting, String problem, Throwable cause) {
		super(setting + ": " + problem, cause);
		this.setting = setting;
	}

	/** The environment variable to fix. */
	public String setting() {
		return this.setting;
	}

}
