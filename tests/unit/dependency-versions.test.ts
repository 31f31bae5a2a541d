import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The first release of each package without the remotely triggerable crashes we know of. Every
 * copy counts: a nested, older copy is the one a transitive dependency actually loads.
 */
const minimums: Record<string, string> = {
	'engine.io': '6.6.10',
	'socket.io-parser': '4.2.7',
	// CVE-2024-38355: an unhandled 'error' event crashes the server.
	'socket.io': '4.6.2',
	// CVE-2024-37890: a request with many HTTP headers crashes a ws server.
	ws: '8.17.1'
};

interface Installed {
	file: string;
	version: string;
}

/** Every copy of each named package under node_modules, nested copies included. */
function findInstalled(names: string[]): Map<string, Installed[]> {
	const found = new Map<string, Installed[]>(names.map((n) => [n, []]));
	const visitPackage = (dir: string) => {
		const manifest = path.join(dir, 'package.json');
		if (existsSync(manifest)) {
			const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
				name?: string;
				version?: string;
			};
			const list = name ? found.get(name) : undefined;
			if (list) list.push({ file: path.relative(root, manifest), version: version ?? '' });
		}
		const nested = path.join(dir, 'node_modules');
		if (existsSync(nested)) visitModules(nested);
	};
	const visitModules = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			if (entry.name.startsWith('.') || !(entry.isDirectory() || entry.isSymbolicLink())) continue;
			const full = path.join(dir, entry.name);
			if (entry.name.startsWith('@')) {
				for (const scoped of readdirSync(full)) visitPackage(path.join(full, scoped));
			} else {
				visitPackage(full);
			}
		}
	};
	visitModules(path.join(root, 'node_modules'));
	return found;
}

/** Negative, zero or positive as a is below, equal to or above b; pre-releases sort first. */
function compareVersions(a: string, b: string): number {
	const parse = (v: string) => {
		const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(v.trim());
		if (!match) throw new Error(`not a semantic version: ${JSON.stringify(v)}`);
		return { core: [1, 2, 3].map((i) => Number(match[i])), pre: match[4] };
	};
	const x = parse(a);
	const y = parse(b);
	for (let i = 0; i < 3; i++) {
		const diff = x.core[i]! - y.core[i]!;
		if (diff !== 0) return diff;
	}
	if (x.pre === y.pre) return 0;
	if (x.pre === undefined) return 1;
	if (y.pre === undefined) return -1;
	const xs = x.pre.split('.');
	const ys = y.pre.split('.');
	for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
		const p = xs[i];
		const q = ys[i];
		if (p === undefined) return -1;
		if (q === undefined) return 1;
		if (p === q) continue;
		const pn = /^\d+$/.test(p);
		const qn = /^\d+$/.test(q);
		if (pn && qn) return Number(p) - Number(q);
		if (pn) return -1;
		if (qn) return 1;
		return p < q ? -1 : 1;
	}
	return 0;
}

describe('compareVersions', () => {
	it.each([
		['1.2.3', '1.2.3', 0],
		['1.2.4', '1.2.3', 1],
		['1.10.0', '1.9.9', 1],
		['2.0.0', '10.0.0', -1],
		['8.17.0', '8.17.1', -1],
		['6.6.10', '6.6.9', 1],
		['4.2.7-rc.1', '4.2.7', -1],
		['4.2.7-rc.2', '4.2.7-rc.10', -1],
		['4.2.7-alpha', '4.2.7-beta', -1]
	] as const)('orders %s against %s as %i', (a, b, sign) => {
		expect(Math.sign(compareVersions(a, b))).toBe(sign);
	});

	it('refuses something that is not a version', () => {
		expect(() => compareVersions('latest', '1.0.0')).toThrow(/semantic version/);
	});
});

describe('installed realtime dependencies', () => {
	const installed = findInstalled(Object.keys(minimums));

	it.each(Object.entries(minimums))(
		'has every installed copy of %s at or above %s, the release that fixed the known crash',
		(name, minimum) => {
			const copies = installed.get(name) ?? [];
			expect(copies.length, `${name} is not installed at all`).toBeGreaterThan(0);
			const tooOld = copies.filter((c) => compareVersions(c.version, minimum) < 0);
			expect(tooOld, `copies of ${name} older than ${minimum}`).toEqual([]);
		}
	);
});
