import * as Y from 'yjs';

function entry(textKey: string, text: string, fields: Record<string, unknown>): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	map.set(textKey, new Y.Text(text));
	for (const [key, value] of Object.entries(fields)) map.set(key, value);
	return map;
}

/** A note as the canvas writes it into the board's `notes` map: its text a `Y.Text`. */
export const noteMap = (text: string, fields: Record<string, unknown>) =>
	entry('text', text, fields);

/** A cluster as the canvas writes it into the board's `clusters` map: its title a `Y.Text`. */
export const clusterMap = (title: string, fields: Record<string, unknown>) =>
	entry('title', title, fields);
