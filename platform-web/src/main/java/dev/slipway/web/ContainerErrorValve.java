package dev.slipway.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.api.MlflowErrors;
import dev.slipway.error.api.MlflowErrors.MlflowCode;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * The answer to a request Tomcat refuses itself, before any of Slipway's code runs (an
 * encoded slash or NUL in the path, a malformed URL, an oversized header): the error
 * catalogue's JSON, in MLflow's shape on MLflow's routes and as Problem Details
 * elsewhere, instead of Tomcat's HTML page. Nothing of the request is echoed.
 */
public class ContainerErrorValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		ErrorCode code = ErrorCode.forHttpStatus(status);
		String detail = detail(code);
		String body;
		String contentType;
		if (MlflowErrors.isMlflowPath(path(request))) {
			MlflowCode mlflow = MlflowErrors.of(code);
			contentType = "application/json";
			body = "{\"error_code\":\"" + mlflow.code() + "\",\"message\":\"" + detail + "\"}";
		}
		else {
			contentType = "application/problem+json";
			body = "{\"type\":\"about:blank\",\"title\":\"" + code.title() + "\",\"status\":" + status
					+ ",\"detail\":\"" + detail + "\",\"code\":\"" + code.name() + "\"}";
		}
		try {
			response.setContentType(contentType);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response cannot be written: nothing to
			// answer.
		}
	}

	private static String path(Request request) {
		try {
			String uri = request.getRequestURI();
			return (uri != null) ? uri : "";
		}
		catch (RuntimeException ex) {
			return "";
		}
	}

	/** Fixed texts: nothing of the refused request is repeated. */
	private static String detail(ErrorCode code) {
		return switch (code) {
			case MALFORMED_REQUEST -> "The request was refused before it reached Slipway: its URL, a header or "
					+ "a character in it is not accepted (encoded slashes and NUL characters never are)";
			case NOT_FOUND -> "No such resource";
			case PAYLOAD_TOO_LARGE -> "The request is larger than this server accepts";
			default -> code.title();
		};
	}

}
