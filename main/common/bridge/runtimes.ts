// The containerd vs Docker view's channels. Types and tiny pure helpers only (shared by main and the renderer): see ./contract.ts.

export type RuntimeRequests = Record<never, never>;

export type RuntimeEvents = Record<never, never>;

export const RUNTIME_CHANNELS = [] as const satisfies readonly (keyof RuntimeRequests)[];
