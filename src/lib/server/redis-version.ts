/**
 * The oldest Redis the server runs on: the socket.io adapter reads and trims streams
 * (`XADD … MAXLEN ~`, `XREAD`), which Redis has since 5.0. Nothing else needs more.
 */
export const MIN_REDIS_VERSION = [5, 0] as const;

/** Why the Redis that answered `INFO server` is too old or unknown, or null when it will do. */
export function redisVersionProblem(info: string): string | null {
	const match = /^redis_version:(\d+)\.(\d+)/m.exec(info);
	if (!match) return null; // a Redis-compatible server that does not say; let it try
	const [major, minor] = [Number(match[1]), Number(match[2])];
	const [needMajor, needMinor] = MIN_REDIS_VERSION;
	if (major > needMajor || (major === needMajor && minor >= needMinor)) return null;
	return (
		`Redis at REDIS_URL is version ${major}.${minor}; Whitespace needs Redis ` +
		`${needMajor}.${needMinor} or later (the socket.io adapter uses streams).`
	);
}
