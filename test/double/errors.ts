import { errorId } from './ids';

export interface ErrorSource {
	pointer?: string;
	parameter?: string;
}

/** One JSON:API error as Klaviyo sends it: {id, status (an integer), code, title, detail, source, links, meta}. */
export interface JsonApiError {
	id: string;
	status: number;
	code: string;
	title: string;
	detail: string;
	source: ErrorSource;
	links: Record<string, string>;
	meta: Record<string, unknown>;
}

/** Thrown by handlers and checks; the server turns it into `{"errors":[…]}` with the matching status. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		readonly title: string,
		readonly detail: string,
		readonly source: ErrorSource = {},
		readonly meta: Record<string, unknown> = {},
		readonly links: Record<string, string> = {},
	) {
		super(detail);
	}

	toJson(): JsonApiError {
		return { id: errorId(), status: this.status, code: this.code, title: this.title, detail: this.detail, source: this.source, links: this.links, meta: this.meta };
	}

	body(): { errors: JsonApiError[] } {
		return { errors: [this.toJson()] };
	}
}

/** 400 `invalid` / "Invalid input." — Klaviyo's answer to any input it rejects (DOC-RL). */
export function invalidInput(detail: string, source: ErrorSource): ApiError {
	return new ApiError(400, 'invalid', 'Invalid input.', detail, source);
}

export function invalidPointer(pointer: string, detail: string): ApiError {
	return invalidInput(detail, { pointer });
}

export function invalidParameter(parameter: string, detail: string): ApiError {
	return invalidInput(detail, { parameter });
}

export function notFound(detail: string, source: ErrorSource = {}): ApiError {
	return new ApiError(404, 'not_found', 'Not found.', detail, source);
}

export function notAuthenticated(detail: string): ApiError {
	return new ApiError(401, 'not_authenticated', 'Authentication credentials were not provided.', detail);
}

/**
 * 409 on identifiers owned by another profile, exactly as Klaviyo words it (klaviyo-api-node#75); clients read the
 * existing profile's id from meta.duplicate_profile_id.
 */
export function duplicateProfile(duplicateId: string, pointer = '/data/attributes'): ApiError {
	return new ApiError(409, 'duplicate_profile', 'Conflict.', 'A profile already exists with one of these identifiers.', { pointer }, {
		duplicate_profile_id: duplicateId,
	});
}
