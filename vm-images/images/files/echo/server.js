'use strict';
// The lab's ghcr.io/subicura/echo: an HTTP server on :3000 that answers every request
// with its version and the request it received, so a rolling update from v1 to v2 shows
// in `curl` output which pods answer. ECHO_VERSION comes from the image config (v1, v2).
const http = require('http');
const os = require('os');

const version = process.env.ECHO_VERSION || 'v1';
const port = Number(process.env.PORT || 3000);

function firstIPv4() {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const info of list || []) {
      if ((info.family === 'IPv4' || info.family === 4) && !info.internal) return info.address;
    }
  }
  return '127.0.0.1';
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const lines = [
      `version: ${version}`,
      `hostname: ${os.hostname()}`,
      `ip: ${firstIPv4()}`,
      `client: ${req.socket.remoteAddress}:${req.socket.remotePort}`,
      `request: ${req.method} ${req.url} HTTP/${req.httpVersion}`,
      'headers:',
      ...Object.entries(req.headers).map(([k, v]) => `  ${k}: ${Array.isArray(v) ? v.join(', ') : v}`),
    ];
    const body = Buffer.concat(chunks);
    if (body.length > 0) lines.push('body:', body.toString('utf8'));
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-echo-version': version });
    res.end(`${lines.join('\n')}\n`);
    console.log(`${new Date().toISOString()} ${req.socket.remoteAddress} ${req.method} ${req.url} 200`);
  });
});

server.listen(port, () => console.log(`echo ${version} listening on :${port}`));

// As PID 1 a process gets no default signal handlers: without these, a pod deletion
// would wait out the whole termination grace period before SIGKILL.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log(`echo ${version}: ${signal}, shutting down`);
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
