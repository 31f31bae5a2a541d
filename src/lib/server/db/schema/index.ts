export * from './teams.ts';
export * from './auth.ts';
export * from './challenges.ts';
export * from './sessions.ts';
export * from './boards.ts';
export * from './votes.ts';
export * from './commitments.ts';
export * from './execution.ts';
