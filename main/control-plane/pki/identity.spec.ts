import { describe, expect, it } from 'vitest';
import { identityFromCert, PkiError } from './index.js';

describe('identityFromCert', () => {
  it('maps CN to the user and every O to a group', () => {
    expect(identityFromCert({ subject: { CN: 'kubernetes-admin', O: 'system:masters' } })).toEqual({
      user: 'kubernetes-admin',
      groups: ['system:masters'],
    });
    expect(identityFromCert({ subject: { CN: 'jane', O: ['dev', 'ops'] } })).toEqual({ user: 'jane', groups: ['dev', 'ops'] });
    expect(identityFromCert({ subject: { CN: 'system:kube-scheduler' } })).toEqual({ user: 'system:kube-scheduler', groups: [] });
  });

  it('keeps the last CN when several are present, as Go does', () => {
    expect(identityFromCert({ subject: { CN: ['first', 'last'] } }).user).toBe('last');
  });

  it('refuses a certificate without a common name', () => {
    for (const cert of [{}, { subject: {} }, { subject: { CN: '' } }, { subject: { CN: [] as string[] } }, { subject: null }]) {
      expect(() => identityFromCert(cert)).toThrow(PkiError);
    }
  });
});
