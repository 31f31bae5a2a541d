/** The room's side panels, opened one at a time from the top bar. */
export type PanelName = 'session' | 'people' | 'console';
