export * from './allocation.ts';
export * from './jobs.ts';
export * from './limits.ts';
export * from './payloads.ts';
export * from './queue-message.ts';
export * from './api.ts';
export * from './income-streams.ts';
export * from './simulation.ts';
