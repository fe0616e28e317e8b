// A pod's Logs and Exec in the detail pane: a container picker (init and ephemeral
// containers too), Logs (kubectl logs -f, or -p for the previous instance) in the shared
// xterm log pane, and Exec (kubectl exec -it … -- COMMAND, default sh) in the shared
// terminal pane through the API server's pods/exec. The controls sit in the detail
// toolbar's slot, the open pane under the toolbar: usePodIo hands back both.
import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_EXEC_COMMAND, POD_EXEC_LIMITS } from '../../../main/common/bridge/pods.js';
import type { ResourceKind, ResourceRow } from '../../../main/common/bridge/contract.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { LogPane } from '../../components/log-pane/log-pane.js';
import { nodeLogSource } from '../../components/log-pane/log-source.js';
import { TerminalPane } from '../../components/terminal/terminal-pane.js';
import { splitCommand } from './command-line.js';
import { podExecSource } from './pod-exec-source.js';
import type { PodExecSource } from './pod-exec-source.js';
import './pod-io.css';

type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';
const GROUPS: readonly ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** the pod's container names by group, from its spec */
export function podContainers(object: unknown): Record<ContainerGroup, string[]> {
  const spec = (object as { spec?: Partial<Record<ContainerGroup, { name?: unknown }[]>> } | undefined)?.spec;
  const names = (g: ContainerGroup): string[] => (Array.isArray(spec?.[g]) ? spec[g].map((c) => c.name).filter((n): n is string => typeof n === 'string') : []);
  return { containers: names('containers'), initContainers: names('initContainers'), ephemeralContainers: names('ephemeralContainers') };
}

type Open = { mode: 'logs'; container: string; previous: boolean } | { mode: 'exec'; container: string; command: string[]; attempt: number };

export function usePodIo(kind: ResourceKind, row: ResourceRow, object: unknown): { controls: ReactNode; pane: ReactNode } {
  const podKey = `${row.namespace ?? ''}/${row.name}`;
  const groups = useMemo(() => podContainers(object), [object]);
  const [state, setState] = useState<{ podKey: string; container: string; previous: boolean; command: string; open: Open | null }>({ podKey, container: '', previous: false, command: DEFAULT_EXEC_COMMAND.join(' '), open: null });
  // another pod selected: its own picker and no pane
  const s = state.podKey === podKey ? state : { podKey, container: '', previous: false, command: DEFAULT_EXEC_COMMAND.join(' '), open: null };
  const first = groups.containers[0] ?? groups.initContainers[0] ?? '';
  const container = s.container || first;
  if (kind !== 'pods' || row.namespace === undefined) return { controls: null, pane: null };
  const set = (patch: Partial<typeof s>): void => setState({ ...s, ...patch });
  const argv = splitCommand(s.command);
  const commandOk = argv !== undefined && argv.length > 0 && argv.length <= POD_EXEC_LIMITS.maxArgs;
  return {
    controls: <PodIoControls groups={groups} container={container} previous={s.previous} command={s.command} commandOk={commandOk} onChange={set} onOpen={(mode) => set({ open: mode === 'logs' ? { mode, container, previous: s.previous } : { mode, container, command: argv ?? [...DEFAULT_EXEC_COMMAND], attempt: (s.open?.mode === 'exec' ? s.open.attempt : 0) + 1 } })} />,
    pane: s.open && <PodIoPane namespace={row.namespace} pod={row.name} open={s.open} onClose={() => set({ open: null })} />,
  };
}

interface ControlsProps {
  groups: Record<ContainerGroup, string[]>;
  container: string;
  previous: boolean;
  command: string;
  commandOk: boolean;
  onChange: (patch: { container?: string; previous?: boolean; command?: string }) => void;
  onOpen: (mode: 'logs' | 'exec') => void;
}

function PodIoControls({ groups, container, previous, command, commandOk, onChange, onOpen }: ControlsProps): ReactNode {
  const { t } = useTranslation();
  const none = !container;
  return (
    <span className="pod-io-controls">
      <select aria-label={t('podIo.container')} data-testid="pod-container" value={container} onChange={(e) => onChange({ container: e.target.value })}>
        {GROUPS.filter((g) => groups[g].length > 0).map((g) => (
          <optgroup key={g} label={t(`podIo.${g}`)}>
            {groups[g].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <button type="button" data-action="logs" disabled={none} title={t('podIo.logsHint')} onClick={() => onOpen('logs')}>
        {t('podIo.logs')}
      </button>
      <label title={t('podIo.previousHint')}>
        <input type="checkbox" data-testid="pod-logs-previous" checked={previous} onChange={(e) => onChange({ previous: e.target.checked })} /> {t('podIo.previous')}
      </label>
      <input
        type="text"
        className="pod-exec-command"
        data-testid="pod-exec-command"
        aria-label={t('podIo.command')}
        aria-invalid={!commandOk}
        title={commandOk ? t('podIo.command') : t('podIo.badCommand')}
        value={command}
        maxLength={POD_EXEC_LIMITS.maxArgLength}
        spellCheck={false}
        onChange={(e) => onChange({ command: e.target.value })}
        onKeyDown={(e) => e.key === 'Enter' && commandOk && !none && onOpen('exec')}
      />
      <button type="button" data-action="exec" disabled={none || !commandOk} title={t('podIo.execHint')} onClick={() => onOpen('exec')}>
        {t('podIo.exec')}
      </button>
    </span>
  );
}

function PodIoPane({ namespace, pod, open, onClose }: { namespace: string; pod: string; open: Open; onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const client = useBridge();
  const logKey = open.mode === 'logs' ? `${open.container}|${open.previous}` : '';
  const logSource = useMemo(
    () => (open.mode === 'logs' ? nodeLogSource(client, { source: 'container', namespace, pod, container: open.container, ...(open.previous ? { previous: true } : {}) }) : undefined),
    // the source is rebuilt only when what it reads changes (LogPane reopens on a new source)
    [client, namespace, pod, logKey],
  );
  const execKey = open.mode === 'exec' ? JSON.stringify([open.container, open.command, open.attempt]) : '';
  const execSource = useMemo(
    () => (open.mode === 'exec' ? podExecSource(client, { namespace, pod, container: open.container, command: open.command }, open.attempt) : undefined),
    [client, namespace, pod, execKey],
  );
  const title = open.mode === 'logs' ? t('podIo.logTitle', { container: open.container }) : t('podIo.execTitle', { container: open.container });
  return (
    <section className="pod-io-pane" data-mode={open.mode} aria-label={title}>
      <div className="pod-io-head">
        <h3>{title}</h3>
        <button type="button" onClick={onClose}>
          {t('podIo.close')}
        </button>
      </div>
      {logSource && <LogPane source={logSource} label={title} />}
      {execSource && <ExecPane source={execSource} label={title} />}
    </section>
  );
}

function ExecPane({ source, label }: { source: PodExecSource; label: string }): ReactNode {
  const { t } = useTranslation();
  const client = useBridge();
  const [session, setSession] = useState<{ title: string; protocol?: string; exit?: { code: number | null } }>({ title: '' });
  useEffect(() => {
    setSession({ title: '' });
    const offOpen = source.onOpen(() => setSession({ title: source.title(), protocol: source.protocol() }));
    const offExit = client.on('pods:exec.exit', (p) => source.owns(p.streamId) && setSession((s) => ({ ...s, exit: { code: p.code } })));
    return () => {
      offOpen();
      offExit();
    };
  }, [client, source]);
  return (
    <>
      {session.title && (
        <code className="pane-title" data-raw="" data-protocol={session.protocol}>
          $ {session.title}
        </code>
      )}
      <TerminalPane source={source} label={label} />
      {session.exit && (
        <p className="pod-exec-exit" aria-live="polite" data-exit-code={session.exit.code ?? ''}>
          {session.exit.code === null ? t('podIo.exitUnknown') : t('podIo.exitCode', { code: session.exit.code })}
        </p>
      )}
    </>
  );
}
