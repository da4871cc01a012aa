package dev.slipway.tracking.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import dev.slipway.tracking.ArtifactService;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Streams one artifact to the client as an attachment, never whole in memory: an
 * attachment so a browser never renders stored content on the server's origin.
 */
final class ArtifactDownloads {

	private ArtifactDownloads() {
	}

	/** Sends {@code download} named after the last segment of {@code path}. */
	static void send(ArtifactService.Download download, String path, HttpServletResponse response) throws IOException {
		try (InputStream content = download.content()) {
			String name = path.substring(path.lastIndexOf('/') + 1);
			response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
			response.setContentLengthLong(download.size());
			response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(name).build().toString());
			OutputStream out = response.getOutputStream();
			content.transferTo(out);
			out.flush();
		}
	}

}
