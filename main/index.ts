// Entry of the main process when run under plain Node (headless): the k8s-lab CLI.
// The Electron entry (main/app) composes the same control plane with a window.
import { main } from './cli/index.js';

const code = await main(process.argv.slice(2));
process.exit(code);
