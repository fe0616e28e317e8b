import { describe, expect, it } from 'vitest';
import { parsePolicy } from './apt.js';
import { upstreamVersion } from './inputs.js';

const POLICY = `nodejs:
  Installed: 20.20.2-1nodesource1+repack1
  Candidate: 20.20.2-1nodesource1+repack1
  Version table:
 *** 20.20.2-1nodesource1+repack1 100
        100 /var/lib/dpkg/status
     18.20.4+dfsg-1~deb12u3 500
        500 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
nginx:
  Installed: (none)
  Candidate: 1.22.1-9+deb12u11
  Version table:
     1.22.1-9+deb12u11 500
        500 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
ghost:
  Installed: (none)
  Candidate: (none)
  Version table:
`;

describe('parsePolicy', () => {
  it('reads candidates and which versions an archive offers', () => {
    const p = parsePolicy(POLICY);
    expect(p.get('nodejs')).toEqual({
      candidate: '20.20.2-1nodesource1+repack1',
      versions: [
        { version: '20.20.2-1nodesource1+repack1', downloadable: false },
        { version: '18.20.4+dfsg-1~deb12u3', downloadable: true },
      ],
    });
    expect(p.get('nginx')?.versions).toEqual([{ version: '1.22.1-9+deb12u11', downloadable: true }]);
    expect(p.get('ghost')?.candidate).toBeUndefined();
  });
});

describe('upstreamVersion', () => {
  it('strips epoch, Debian revision and repack suffixes', () => {
    expect(upstreamVersion('5:7.0.15-1~deb12u10')).toBe('7.0.15');
    expect(upstreamVersion('18.20.4+dfsg-1~deb12u3')).toBe('18.20.4');
    expect(upstreamVersion('1.22.1-9+deb12u11')).toBe('1.22.1');
  });
});
