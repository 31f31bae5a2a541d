/** Every refusal the domain can give, with the HTTP status it maps to. */
export const ErrorCode = {
	bad_request: 400,
	invalid_input: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_invited: 403,
	not_found: 404,
	method_not_allowed: 405,
	conflict: 409,
	email_taken: 409,
	over_budget: 409,
	idea_cap: 409,
	no_dot: 409,
	vote_closed: 409,
	/** Delivered or dropped needs a debrief first. */
	debrief_required: 409,
	payload_too_large: 413,
	unsupported_media_type: 415,
	rate_limited: 429,
	internal: 500,
	unavailable: 503
} as const;

export type ErrorCode = keyof typeof ErrorCode;

export interface ErrorBody {
	error: { code: ErrorCode; message: string; fields?: Record<string, string> };
}

export class DomainError extends Error {
	readonly code: ErrorCode;
	readonly fields?: Record<string, string>;
	/** Seconds, for rate limits. */
	readonly retryAfter?: number;

	constructor(
		code: ErrorCode,
		message: string,
		extra: { fields?: Record<string, string>; retryAfter?: number } = {}
	) {
		super(message);
		this.name = 'DomainError';
		this.code = code;
		this.fields = extra.fields;
		this.retryAfter = extra.retryAfter;
	}

	get status(): number {
		return ErrorCode[this.code];
	}

	toBody(): ErrorBody {
		return {
			error: {
				code: this.code,
				message: this.message,
				...(this.fields ? { fields: this.fields } : {})
			}
		};
	}
}

export function isDomainError(value: unknown): value is DomainError {
	return value instanceof Error && value.name === 'DomainError' && 'code' in value;
}

/** `value` when there is one, else the `not_found` refusal for it: "That session does not exist." */
export function found<T>(value: T | null | undefined, what: string): T {
	if (value === null || value === undefined) {
		throw new DomainError('not_found', `That ${what} does not exist.`);
	}
	return value;
}
