export * from './teams.ts';
export * from './auth.ts';
