// `crictl logs` (cri-tools cmd/crictl/logs.go): the log path from ContainerStatus,
// --previous for the file of the attempt before (<dir>/<attempt-1>.log), --reopen.
import { CrictlError, wrapError } from '../errors.js';
import { parseGoDuration } from '../flags.js';
import { parseSince, readLogs } from '../logs/read-logs.js';
import type { Command } from './command.js';

export const logsCommand: Command = {
  name: 'logs',
  usage: 'Fetch the logs of a container',
  argsUsage: 'CONTAINER-ID',
  flags: [
    { name: 'follow', aliases: ['f'], type: 'bool', usage: 'Follow log output' },
    { name: 'previous', aliases: ['p'], type: 'bool', usage: 'Print the logs for the previous instance of the container in a pod if it exists' },
    { name: 'reopen', aliases: ['r'], type: 'bool', usage: 'Reopen the container logs for the provided container' },
    { name: 'tail', type: 'int', default: -1, usage: 'Number of lines to show from the end of the logs. Defaults to all' },
    { name: 'limit-bytes', type: 'int', default: -1, usage: 'Maximum bytes of logs to return. Defaults to no limit' },
    { name: 'since', type: 'string', usage: 'Show logs since timestamp (e.g. 2013-01-02T13:23:37) or relative (e.g. 42m for 42 minutes)' },
    { name: 'timestamps', aliases: ['t'], type: 'bool', usage: 'Show timestamps' },
    { name: 'stream', aliases: ['s'], type: 'string', usage: 'Show specified stream (stdout or stderr). Defaults to both.' },
  ],
  async run(ctx, f) {
    const id = f.args[0] ?? '';
    if (!id) throw new CrictlError('ID cannot be empty');
    if (f.args.length > 1) throw new CrictlError('logs takes one CONTAINER-ID');
    const rt = await ctx.runtime();
    if (f.bool('reopen')) {
      try {
        await rt.reopenContainerLog({ containerId: id });
      } catch (e) {
        throw wrapError('reopen container logs', e);
      }
      ctx.log('info', 'Container logs reopened');
    }
    const stream = f.string('stream');
    if (stream !== '' && stream !== 'stdout' && stream !== 'stderr') throw new CrictlError(`invalid stream ${JSON.stringify(stream)}, must be "stdout" or "stderr"`);
    if (f.isSet('tail') && f.isSet('stream')) throw new CrictlError('--tail and --stream are mutually exclusive');
    const sinceMs = parseSince(f.string('since'), ctx.io.now(), parseGoDuration);

    const status = (await rt.containerStatus({ containerId: id })).status;
    let logPath = status?.logPath ?? '';
    if (!logPath) throw new CrictlError('the container has not set log path');
    if (f.bool('previous')) {
      const attempt = status?.metadata?.attempt ?? 0;
      if (attempt === 0) throw new CrictlError(`previous terminated container ${status?.metadata?.name ?? ''} not found`);
      logPath = `${logPath.slice(0, logPath.lastIndexOf('/') + 1)}${attempt - 1}${logPath.slice(logPath.lastIndexOf('.'))}`;
    }
    const containerId = status?.id ?? id;
    const tail = f.int('tail');
    const limit = f.int('limit-bytes');
    const write = (which: 'stdout' | 'stderr', data: Buffer): Promise<void> =>
      new Promise((resolve, reject) => {
        ctx.io[which].write(data, (err) => (err ? reject(err) : resolve()));
      });
    try {
      await readLogs(
        logPath,
        { follow: f.bool('follow'), timestamps: f.bool('timestamps'), tailLines: tail >= 0 ? tail : undefined, limitBytes: limit > 0 ? limit : undefined, sinceMs, stream: stream || undefined },
        { write },
        {
          // the kubelet's isContainerRunning: the follow ends with the container
          isRunning: () => rt.containerStatus({ containerId }).then((r) => r.status?.state === 'CONTAINER_RUNNING', () => false),
        },
      );
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new CrictlError(`failed to open log file ${JSON.stringify(logPath)}: open ${logPath}: no such file or directory`);
      throw e;
    }
  },
};
