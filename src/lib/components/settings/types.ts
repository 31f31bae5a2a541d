/** A personal API token as the settings page lists it: never the token itself. */
export interface TokenSummary {
	id: string;
	name: string;
	/** The token's first characters, enough to tell tokens apart. */
	preview: string;
	createdAt: number;
	lastUsedAt: number | null;
}
