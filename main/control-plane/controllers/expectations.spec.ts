import { describe, expect, it } from 'vitest';
import { ControllerExpectations } from './expectations.js';

describe('ControllerExpectations', () => {
  it('is satisfied with no record, waits for expected creations, and counts each expected deletion once', () => {
    let now = 0;
    const e = new ControllerExpectations({ now: () => now }, 1000);
    expect(e.satisfied('ns/rs')).toBe(true);
    e.expectCreations('ns/rs', 2);
    expect(e.satisfied('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect(e.satisfied('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect(e.satisfied('ns/rs')).toBe(true);
    e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
    e.deletionObserved('ns/rs', 'ns/a');
    e.deletionObserved('ns/rs', 'ns/a');
    e.deletionObserved('ns/rs', 'ns/other');
    expect(e.pending('ns/rs')).toEqual({ add: 0, del: 1 });
    expect(e.satisfied('ns/rs')).toBe(false);
    now = 1001;
    expect(e.satisfied('ns/rs')).toBe(true);
    e.deleteExpectations('ns/rs');
    expect(e.pending('ns/rs')).toBeUndefined();
  });
});
