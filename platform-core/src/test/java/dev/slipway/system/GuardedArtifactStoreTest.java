package dev.slipway.system;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.slipway.error.Dependency;
import dev.slipway.error.DependencyOutages;
import dev.slipway.error.TemporarilyUnavailableException;
import dev.slipway.storage.ArtifactStore;
import dev.slipway.storage.ArtifactStoreException;
import dev.slipway.storage.LocalArtifactStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bound on concurrent artifact-store calls: a download holds its slot until its
 * stream is closed, calls beyond the bound are refused with a retry hint, and the health
 * check is never refused.
 */
class GuardedArtifactStoreTest {

	@TempDir
	Path folder;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private DependencyOutages outages;

	private GuardedArtifactStore store;

	@BeforeEach
	void open() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		this.outages = new DependencyOutages(beans.getBeanProvider(DataSource.class),
				beans.getBeanProvider(ArtifactStore.class), this.meters, Clock.systemUTC());
		this.store = new GuardedArtifactStore(new LocalArtifactStore(this.folder), 2, Duration.ofMillis(50),
				this.outages, this.meters);
		this.store.put("a.txt", stream("a"), 1);
	}

	@AfterEach
	void close() {
		this.store.close();
		this.outages.destroy();
	}

	@Test
	void callsBeyondTheBoundAreRefusedUntilADownloadIsClosed() throws Exception {
		List<InputStream> open = new ArrayList<>();
		open.add(this.store.get("a.txt"));
		open.add(this.store.get("a.txt"));
		assertThat(this.store.inFlight()).isEqualTo(2);

		assertThatExceptionOfType(TemporarilyUnavailableException.class).isThrownBy(() -> this.store.stat("a.txt"))
			.withMessageContaining("busy")
			.satisfies((ex) -> assertThat(ex.retryAfterSeconds()).isEqualTo(1));
		assertThatExceptionOfType(TemporarilyUnavailableException.class)
			.isThrownBy(() -> this.store.put("b.txt", stream("b"), 1));
		// Probes never queue behind transfers.
		this.store.checkHealth();
		assertThat(this.meters.get("slipway.artifacts.busy.refusals").counter().count()).isEqualTo(2);

		open.get(0).close();
		open.get(0).close();
		assertThat(this.store.inFlight()).isEqualTo(1);
		assertThat(this.store.stat("a.txt")).isPresent();
		open.get(1).close();
		assertThat(this.store.inFlight()).isZero();
	}

	@Test
	void aFailedCallGivesItsSlotBack() {
		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(ArtifactStoreException.class).isThrownBy(() -> this.store.get("missing.txt"));
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> this.store.put("../escape.txt", stream("x"), 1));
		}
		assertThat(this.store.inFlight()).isZero();
	}

	@Test
	void aCallThatSucceedsEndsAnOutage() {
		this.outages.failed(Dependency.ARTIFACT_STORE, new ArtifactStoreException("bucket check failed"));
		assertThat(this.outages.isDown(Dependency.ARTIFACT_STORE)).isTrue();

		this.store.list("", null, 10);

		assertThat(this.outages.isDown(Dependency.ARTIFACT_STORE)).isFalse();
	}

	@Test
	void aBoundBelowOneIsASettingError() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new GuardedArtifactStore(this.store, 0, Duration.ZERO, this.outages, this.meters))
			.withMessageContaining("slipway.artifacts.max-concurrent");
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

}
