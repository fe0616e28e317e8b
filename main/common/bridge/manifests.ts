// The manifest editor's channels. Types and tiny pure helpers only (shared by main and the renderer): see ./contract.ts.

export type ManifestRequests = Record<never, never>;

export type ManifestEvents = Record<never, never>;

export const MANIFEST_CHANNELS = [] as const satisfies readonly (keyof ManifestRequests)[];
