/** What a single key does in the facilitator console (ShortcutHelp lists them for people). */
export type Shortcut = 'next' | 'back' | 'toggle-timer' | 'extend-1' | 'extend-5' | 'help';

const KEYS: Record<string, Shortcut> = {
	n: 'next',
	N: 'next',
	b: 'back',
	B: 'back',
	' ': 'toggle-timer',
	'1': 'extend-1',
	'5': 'extend-5',
	'?': 'help'
};

/** Where a key press happened, as far as the shortcuts care. */
export interface KeyPress {
	key: string;
	/** Ctrl, Meta or Alt held, or another handler already took the key. */
	taken: boolean;
	/** Focus in a text field, select or editable element. */
	typing: boolean;
	dialogOpen: boolean;
	/** Focus on a button, link or summary, which Space presses. */
	onControl: boolean;
}

/**
 * The console shortcut a key press asks for, or null when the key should do what it does
 * anywhere else: taken, while typing, with a dialog open, and Space on a focused control.
 */
export function shortcutFor(press: KeyPress): Shortcut | null {
	if (press.taken || press.typing || press.dialogOpen) return null;
	const shortcut = KEYS[press.key] ?? null;
	if (shortcut === 'toggle-timer' && press.onControl) return null;
	return shortcut;
}

/** Reads a browser key event into a `KeyPress`. */
export function keyPress(event: KeyboardEvent): KeyPress {
	const target = event.target instanceof HTMLElement ? event.target : null;
	return {
		key: event.key,
		taken: event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey,
		typing: !!target && (target.isContentEditable || !!target.closest('input, textarea, select')),
		dialogOpen: document.querySelector('dialog[open]') !== null,
		onControl: !!target?.closest('button, a, summary, [role="button"]')
	};
}
