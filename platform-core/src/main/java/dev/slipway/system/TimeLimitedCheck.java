package dev.slipway.system;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a health check on a thread of its own and waits at most a time limit for it, so a
 * probe answers in bounded time even when the dependency hangs. A check still running
 * from an earlier probe is not started again: the probe fails at once, and no threads
 * pile up behind a hung dependency.
 */
final class TimeLimitedCheck implements AutoCloseable {

	private final String name;

	private final Duration limit;

	private final ExecutorService executor;

	private Future<?> running;

	TimeLimitedCheck(String name, Duration limit) {
		this.name = name;
		this.limit = limit;
		this.executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "slipway-health-" + name.replace(' ', '-'));
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Run {@code check} and return its result, or fail with a {@link TimeoutException}
	 * after the limit.
	 */
	synchronized <T> T call(Callable<T> check) throws Exception {
		if (this.running != null && !this.running.isDone()) {
			throw new TimeoutException("the " + this.name + " check started earlier has not finished after more than "
					+ this.limit.toMillis() + " ms");
		}
		Future<T> future = this.executor.submit(check);
		this.running = future;
		try {
			return future.get(this.limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new TimeoutException("the " + this.name + " did not answer within " + this.limit.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Exception cause) {
				throw cause;
			}
			throw ex;
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
