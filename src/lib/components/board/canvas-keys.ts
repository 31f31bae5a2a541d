/** What a key press on the canvas asks for; the canvas carries it out. */
export type CanvasCommand =
	| { kind: 'undo' }
	| { kind: 'redo' }
	| { kind: 'pan'; dx: number; dy: number }
	| { kind: 'new-note' }
	| { kind: 'zoom'; by: number }
	| { kind: 'fit' }
	| { kind: 'delete' };

export interface KeyPress {
	key: string;
	ctrlKey: boolean;
	metaKey: boolean;
	shiftKey: boolean;
	altKey: boolean;
}

const PAN_STEP = 80;
const PANS: Record<string, [number, number]> = {
	arrowleft: [PAN_STEP, 0],
	arrowright: [-PAN_STEP, 0],
	arrowup: [0, PAN_STEP],
	arrowdown: [0, -PAN_STEP]
};

/**
 * The canvas's shortcuts: Ctrl/Cmd+Z undo, Shift+Ctrl/Cmd+Z or Ctrl/Cmd+Y redo, arrows pan (only
 * while the canvas itself has focus, so they still move a caret or a list selection elsewhere),
 * N a new note, + / - zoom, 0 fit, Delete or Backspace the selected note.
 */
export function canvasCommand(event: KeyPress, canvasFocused: boolean): CanvasCommand | null {
	const mod = event.metaKey || event.ctrlKey;
	const key = event.key.toLowerCase();
	if (mod && key === 'z') return { kind: event.shiftKey ? 'redo' : 'undo' };
	if (mod && key === 'y') return { kind: 'redo' };
	if (mod || event.altKey) return null;
	const pan = PANS[key];
	if (pan) return canvasFocused ? { kind: 'pan', dx: pan[0], dy: pan[1] } : null;
	if (key === 'n') return { kind: 'new-note' };
	if (key === '+' || key === '=') return { kind: 'zoom', by: 1.25 };
	if (key === '-') return { kind: 'zoom', by: 0.8 };
	if (key === '0') return { kind: 'fit' };
	if (key === 'delete' || key === 'backspace') return { kind: 'delete' };
	return null;
}
