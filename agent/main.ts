// `node agent.mjs --config FILE`: the k8s-lab node agent (kubelet and kube-proxy roles).
// It stops on SIGTERM/SIGINT and leaves the pods running, as a kubelet does.
import { parseArgs } from 'node:util';
import { startAgent } from './agent.js';
import { AgentConfigError, loadAgentConfig } from './config.js';

const log = (line: string): void => console.log(`${new Date().toISOString()} ${line}`);

async function run(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' } }, strict: true });
  if (!values.config) throw new AgentConfigError('usage: agent --config FILE');
  const agent = await startAgent(loadAgentConfig(values.config), log);
  const stop = (signal: string): void => {
    log(`stopping (${signal})`);
    void agent.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

run().catch((e: unknown) => {
  console.error(`k8s-lab agent: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
