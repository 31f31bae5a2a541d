import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyPress } from '../../src/lib/components/session/console/shortcuts.ts';

const press = (key: string, context: Partial<KeyPress> = {}): KeyPress => ({
	key,
	taken: false,
	typing: false,
	dialogOpen: false,
	onControl: false,
	...context
});

describe('console shortcuts', () => {
	it('maps N, B, Space, 1, 5 and ? to their actions, either case for letters', () => {
		expect(shortcutFor(press('n'))).toBe('next');
		expect(shortcutFor(press('N'))).toBe('next');
		expect(shortcutFor(press('b'))).toBe('back');
		expect(shortcutFor(press('B'))).toBe('back');
		expect(shortcutFor(press(' '))).toBe('toggle-timer');
		expect(shortcutFor(press('1'))).toBe('extend-1');
		expect(shortcutFor(press('5'))).toBe('extend-5');
		expect(shortcutFor(press('?'))).toBe('help');
	});

	it('leaves other keys alone', () => {
		expect(shortcutFor(press('x'))).toBeNull();
		expect(shortcutFor(press('Enter'))).toBeNull();
	});

	it('does nothing with a modifier, while typing or with a dialog open', () => {
		expect(shortcutFor(press('n', { taken: true }))).toBeNull();
		expect(shortcutFor(press('n', { typing: true }))).toBeNull();
		expect(shortcutFor(press('?', { dialogOpen: true }))).toBeNull();
	});

	it('lets Space press a focused button, but other shortcuts still work there', () => {
		expect(shortcutFor(press(' ', { onControl: true }))).toBeNull();
		expect(shortcutFor(press('n', { onControl: true }))).toBe('next');
	});
});
