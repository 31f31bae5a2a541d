import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH } from '../../shared/challenges.ts';

/** Six characters from an unambiguous alphabet, drawn without modulo bias. */
export function generateJoinCode(): string {
	const limit = 256 - (256 % JOIN_CODE_ALPHABET.length);
	let code = '';
	while (code.length < JOIN_CODE_LENGTH) {
		for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
			if (byte < limit && code.length < JOIN_CODE_LENGTH)
				code += JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length];
		}
	}
	return code;
}
