/** What a drawn chart leaves behind: Chart.js's instance, or anything else that can be torn down. */
export interface DrawnChart {
	destroy(): void;
}

/**
 * Draws a chart whose code loads on demand, so Chart.js stays out of the bundle of every page
 * without one. For `onMount` or `$effect`: returns the cleanup, which also stops a draw whose
 * module is still loading (the component may be gone by then). `draw` returns nothing when its
 * canvas has gone; a module that does not load, or a draw that throws, calls `failed`.
 */
export function drawChart<M>(
	load: () => Promise<M>,
	draw: (module: M) => DrawnChart | undefined,
	failed: () => void
): () => void {
	let cancelled = false;
	let chart: DrawnChart | undefined;
	load()
		.then((module) => {
			if (!cancelled) chart = draw(module);
		})
		.catch(failed);
	return () => {
		cancelled = true;
		chart?.destroy();
	};
}
