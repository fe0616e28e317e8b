// The one place that loads @peculiar/x509: after the reflect-metadata polyfill its
// tsyringe dependency requires (a dependency of ours for that reason alone), and with
// Node's WebCrypto as its provider (Node has no global `crypto` provider set for it).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto);

export { x509 };
