// The Architecture view's channels: the live trace. Types and tiny pure helpers only (shared by main and the renderer): see ./contract.ts.

export type TraceRequests = Record<never, never>;

export type TraceEvents = Record<never, never>;

export const TRACE_CHANNELS = [] as const satisfies readonly (keyof TraceRequests)[];
