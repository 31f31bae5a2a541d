import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** 128 random bits, URL-safe: ids in URLs must be unguessable. */
export function newId(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(16)));
}
