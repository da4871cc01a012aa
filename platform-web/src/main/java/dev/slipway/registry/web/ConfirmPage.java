package dev.slipway.registry.web;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

import org.springframework.modulith.NamedInterface;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The confirmation every registry page action passes through: the action's first POST
 * renders this page saying what will change, and its form posts the same fields again
 * with {@code confirmed=true} to apply them. No script is involved, so it works under the
 * strict CSP.
 *
 * @param title what is about to happen, as a heading
 * @param modelName the registered model, for the breadcrumbs
 * @param version the version number, or null for a model-level action
 * @param changes each change the action makes, one sentence each
 * @param action where the form posts
 * @param hidden the fields carried over unchanged
 * @param inputs the fields asked for on this page (a comment or a reason)
 * @param submit the submit button's label
 * @param danger whether the action removes or undoes something
 * @param back where "Cancel" leads
 */
@NamedInterface("pages")
public record ConfirmPage(String title, String modelName, Integer version, List<String> changes, String action,
		List<Field> hidden, List<Field> inputs, String submit, boolean danger, String back) {

	/** The template every confirmation renders with. */
	public static final String VIEW = "models/confirm";

	/**
	 * A form field of the confirmation.
	 *
	 * @param name the field name
	 * @param label the label shown for an input, or null for a hidden field
	 * @param value the value
	 * @param required whether an input must be filled in
	 */
	public record Field(String name, String label, String value, boolean required) {

		/** A field carried over unchanged. */
		public static Field hidden(String name, Object value) {
			return new Field(name, null, (value != null) ? value.toString() : "", false);
		}

		/** A text the person types on the confirmation page. */
		public static Field input(String name, String label, String value, boolean required) {
			return new Field(name, label, (value != null) ? value : "", required);
		}

	}

	/** A confirmation with no fields yet. */
	public static ConfirmPage of(String title, String modelName, Integer version, String action, String back) {
		return new ConfirmPage(title, modelName, version, new ArrayList<>(), action, new ArrayList<>(),
				new ArrayList<>(), "Confirm", false, back);
	}

	/** The same confirmation with one more change sentence. */
	public ConfirmPage change(String sentence) {
		this.changes.add(sentence);
		return this;
	}

	/** The same confirmation carrying one more hidden field. */
	public ConfirmPage carry(String name, Object value) {
		this.hidden.add(Field.hidden(name, value));
		return this;
	}

	/** The same confirmation asking for one more input. */
	public ConfirmPage ask(String name, String label, String value, boolean required) {
		this.inputs.add(Field.input(name, label, value, required));
		return this;
	}

	/** The same confirmation with another submit label, marked dangerous or not. */
	public ConfirmPage submit(String label, boolean isDanger) {
		return new ConfirmPage(this.title, this.modelName, this.version, this.changes, this.action, this.hidden,
				this.inputs, label, isDanger, this.back);
	}

	/** The model's page, for the breadcrumbs. */
	public String modelHref() {
		return RegistryPaths.model(this.modelName);
	}

	/** The version's page, for the breadcrumbs, or null for a model-level action. */
	public String versionHref() {
		return (this.version != null) ? RegistryPaths.version(this.modelName, this.version) : null;
	}

	/** Renders the confirmation. */
	public String show(Model model) {
		model.addAttribute("confirm", this);
		return VIEW;
	}

	/**
	 * Applies a confirmed action and redirects back with a notice, or with the refusal
	 * when the service refuses it for the request itself. Refusals for the caller
	 * (PERMISSION_DENIED) and missing resources go to the error page instead.
	 */
	public static String apply(Runnable action, String notice, String back, RedirectAttributes redirect) {
		try {
			action.run();
			redirect.addFlashAttribute("notice", notice);
		}
		catch (SlipwayException ex) {
			if (ex.code() == ErrorCode.PERMISSION_DENIED || ex.code() == ErrorCode.NOT_FOUND) {
				throw ex;
			}
			redirect.addFlashAttribute("error", new PageMessage(ex.getMessage()));
		}
		return "redirect:" + back;
	}

	/**
	 * A refusal to show on a registry page.
	 *
	 * @param message what is wrong, for people
	 */
	@NamedInterface("pages")
	// Serializable: a flash attribute, kept in the session table until the next page
	// shows it.
	public record PageMessage(String message) implements Serializable {
	}

}
