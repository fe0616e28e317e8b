// crictl for k8s-lab nodes: `node crictl.mjs pods`, `… ps -a`, `… logs -f ID`, … against
// the node's containerd (CONTAINER_RUNTIME_ENDPOINT, /etc/crictl.yaml, or
// unix:///run/containerd/containerd.sock). See cli.ts.
import { runCli } from './cli.js';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  now: () => Date.now(),
});
// exit once everything written has reached the terminal or pipe
process.stdout.write('', () => process.exit(code));
