import { describe, expect, it } from 'vitest';
import { canvasCommand, type KeyPress } from '../../src/lib/components/board/canvas-keys.ts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
	key,
	ctrlKey: false,
	metaKey: false,
	shiftKey: false,
	altKey: false,
	...mods
});

describe('canvasCommand', () => {
	it('undoes with Ctrl+Z or Cmd+Z and redoes with Shift or Y', () => {
		expect(canvasCommand(press('z', { ctrlKey: true }), false)).toEqual({ kind: 'undo' });
		expect(canvasCommand(press('Z', { metaKey: true, shiftKey: true }), false)).toEqual({
			kind: 'redo'
		});
		expect(canvasCommand(press('y', { ctrlKey: true }), false)).toEqual({ kind: 'redo' });
	});

	it('pans with the arrows only while the canvas itself has focus', () => {
		expect(canvasCommand(press('ArrowLeft'), true)).toEqual({ kind: 'pan', dx: 80, dy: 0 });
		expect(canvasCommand(press('ArrowDown'), true)).toEqual({ kind: 'pan', dx: 0, dy: -80 });
		expect(canvasCommand(press('ArrowLeft'), false)).toBeNull();
	});

	it('maps N, plus, minus, 0 and Delete whatever has focus', () => {
		expect(canvasCommand(press('N'), false)).toEqual({ kind: 'new-note' });
		expect(canvasCommand(press('='), false)).toEqual({ kind: 'zoom', by: 1.25 });
		expect(canvasCommand(press('-'), false)).toEqual({ kind: 'zoom', by: 0.8 });
		expect(canvasCommand(press('0'), false)).toEqual({ kind: 'fit' });
		expect(canvasCommand(press('Backspace'), false)).toEqual({ kind: 'delete' });
	});

	it('leaves browser shortcuts and Alt combinations alone', () => {
		expect(canvasCommand(press('n', { ctrlKey: true }), false)).toBeNull();
		expect(canvasCommand(press('0', { altKey: true }), false)).toBeNull();
		expect(canvasCommand(press('q'), false)).toBeNull();
	});
});
