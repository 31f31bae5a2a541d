/** Longest kudos sentence, in characters: a line of thanks, not an essay. Zod-free for the browser. */
export const KUDOS_MAX = 500;
