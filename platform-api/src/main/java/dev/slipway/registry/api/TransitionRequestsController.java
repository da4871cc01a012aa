package dev.slipway.registry.api;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.api.Refusal;
import dev.slipway.query.api.QueryParams;
import dev.slipway.registry.GovernanceService;
import dev.slipway.registry.api.GovernanceJson.DecisionJson;
import dev.slipway.registry.api.GovernanceJson.NewRequestJson;
import dev.slipway.registry.api.GovernanceJson.RequestJson;
import dev.slipway.registry.api.GovernanceJson.RequestsJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Transition requests ({@code /api/v1/models/{name}/requests}, {@code /api/v1/requests}):
 * ask for a version to move to a stage or alias, and approve, reject or withdraw it.
 */
@Tag(name = "Transition requests",
		description = "Requests to move a version to a stage or alias, and their approval, rejection or withdrawal")
@RestController
@RequestMapping("/api/v1")
class TransitionRequestsController {

	/** Requests one listing returns when the caller names no size. */
	static final int DEFAULT_MAX_RESULTS = 100;

	private final GovernanceService governance;

	TransitionRequestsController(GovernanceService governance) {
		this.governance = governance;
	}

	@Operation(summary = "A model's transition requests, newest first, optionally by status")
	@GetMapping("/models/{name}/requests")
	RequestsJson list(@PathVariable String name, @RequestParam(required = false) String status,
			@RequestParam(name = "max_results", required = false) String maxResults) {
		return new RequestsJson(this.governance
			.requests(name, GovernanceJson.status(status),
					QueryParams.maxResults(maxResults, DEFAULT_MAX_RESULTS, GovernanceService.MAX_REQUESTS))
			.stream()
			.map(RequestJson::of)
			.toList());
	}

	@Operation(summary = "Ask for a version to move to a stage or alias (EDIT)")
	@Refusal(code = ErrorCode.INVALID_STATE,
			when = "the version is already there, the same request is pending, or the model has too many pending requests")
	@PostMapping("/models/{name}/requests")
	@ResponseStatus(HttpStatus.CREATED)
	RequestJson create(@PathVariable String name, @RequestBody NewRequestJson request) {
		return RequestJson.of(this.governance.request(name, GovernanceJson.required("version", request.version()),
				GovernanceJson.targetKind("target_kind", request.targetKind()),
				GovernanceJson.required("target", request.target()),
				Boolean.TRUE.equals(request.archiveExistingVersions()), request.comment()));
	}

	@Operation(summary = "One transition request")
	@GetMapping("/requests/{id}")
	RequestJson get(@PathVariable long id) {
		return RequestJson.of(this.governance.getRequest(id));
	}

	@Operation(summary = "Approve a pending request and apply it")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the request is no longer pending, or its version no longer exists")
	@PostMapping("/requests/{id}/approve")
	RequestJson approve(@PathVariable long id, @RequestBody(required = false) DecisionJson decision) {
		return RequestJson.of(this.governance.approve(id, comment(decision)));
	}

	@Operation(summary = "Reject a pending request")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the request is no longer pending")
	@PostMapping("/requests/{id}/reject")
	RequestJson reject(@PathVariable long id, @RequestBody(required = false) DecisionJson decision) {
		return RequestJson.of(this.governance.reject(id, comment(decision)));
	}

	@Operation(summary = "Withdraw a pending request (its requester, or ADMIN)")
	@Refusal(code = ErrorCode.INVALID_STATE, when = "the request is no longer pending")
	@PostMapping("/requests/{id}/cancel")
	RequestJson cancel(@PathVariable long id, @RequestBody(required = false) DecisionJson decision) {
		return RequestJson.of(this.governance.cancel(id, comment(decision)));
	}

	private static String comment(DecisionJson decision) {
		return (decision != null) ? decision.comment() : null;
	}

}
