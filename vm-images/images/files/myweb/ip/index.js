'use strict';
// A small stand-in for the npm `ip` package, which the seed's Dockerfile installs with
// `npm install ip` (the lab images are built offline from Debian packages only). The seed's
// index.js calls only ip.address(): like the real package, it returns the first IPv4
// address of a non-internal interface, else the loopback address.
const os = require('os');

function address() {
  const interfaces = os.networkInterfaces();
  for (const name of Object.keys(interfaces)) {
    for (const info of interfaces[name] || []) {
      const v4 = info.family === 'IPv4' || info.family === 4;
      if (v4 && !info.internal) return info.address;
    }
  }
  return '127.0.0.1';
}

function loopback() {
  return '127.0.0.1';
}

module.exports = { address, loopback };
