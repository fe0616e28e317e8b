// The Setup view's channels. Types and tiny pure helpers only (shared by main and the renderer): see ./contract.ts.

export type SetupRequests = Record<never, never>;

export type SetupEvents = Record<never, never>;

export const SETUP_CHANNELS = [] as const satisfies readonly (keyof SetupRequests)[];
