import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { embedded } from '../helpers/backends.ts';
import { until } from '../helpers/realtime.ts';
import { boardSuite } from '../helpers/board-suite.ts';
import { openBoard, writableBoard } from '../helpers/board.ts';

type State = { user?: { id?: string }; cursor?: string } | undefined;

// Awareness handling does not depend on the backend.
describe('board awareness', () => {
	const suite = boardSuite(embedded);

	it('never lets a connection take the client id another live connection holds', async () => {
		const { server, w, providers } = suite;
		const { boardId } = await writableBoard(w);
		const [vic, mal, obs] = await Promise.all(['Vic', 'Mal', 'Obs'].map((n) => w.person(n, 0)));
		const victim = await openBoard(server.url, boardId, vic!);
		const observer = await openBoard(server.url, boardId, obs!);
		providers.push(victim.provider, observer.provider);
		const id = victim.doc.clientID;
		const seen = () => observer.provider.awareness.getStates().get(id) as State;
		const cursors: (string | undefined)[] = [];
		observer.provider.awareness.on('change', () => cursors.push(seen()?.cursor));
		victim.provider.awareness.setLocalStateField('cursor', 'victim');
		await until(() => seen()?.cursor === 'victim', 5000, 'victim cursor seen');

		// Same client id as the victim's, and a state that differs.
		const spoofDoc = new Y.Doc();
		spoofDoc.clientID = id;
		const spoofer = await openBoard(server.url, boardId, mal!, { doc: spoofDoc });
		providers.push(spoofer.provider);
		spoofer.provider.awareness.setLocalStateField('cursor', 'spoofed');
		// A later change by the victim proves the spoofer's messages were handled before it.
		victim.provider.awareness.setLocalStateField('cursor', 'victim-moved');
		await until(() => seen()?.cursor === 'victim-moved', 5000, 'victim move seen');
		expect(seen()?.user?.id).toBe(vic!.user.id);
		expect(cursors).not.toContain('spoofed');

		// Leaving does not take the victim's presence with it.
		spoofer.provider.destroy();
		const late = await openBoard(server.url, boardId, obs!);
		providers.push(late.provider);
		await until(
			() => late.provider.awareness.getStates().has(id),
			5000,
			'state sent to late joiner'
		);
		expect((late.provider.awareness.getStates().get(id) as State)?.cursor).toBe('victim-moved');
		expect(seen()?.user?.id).toBe(vic!.user.id);
	});
});
