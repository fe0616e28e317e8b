// The comparison's panels: a command with its live output, the containers of one
// containerd namespace, their cgroups, log files and the image store.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandRun, RuntimeContainer, RuntimeSideData } from '../../../main/common/bridge/runtimes.js';

/** `$ command` and what it printed on the node */
export function CommandBlock({ run }: { run: CommandRun }): ReactNode {
  const { t } = useTranslation();
  return (
    <figure className="rt-command" data-raw data-command={run.command}>
      <figcaption title={t('runtimes.command')}>
        <code>$ {run.command}</code>
      </figcaption>
      <pre className={run.ok ? '' : 'error'}>{run.output.replace(/\n$/, '') || ' '}</pre>
    </figure>
  );
}

/** a command to type, without output */
export function CommandLine({ command }: { command: string }): ReactNode {
  return (
    <code className="rt-cmdline" data-raw>
      $ {command}
    </code>
  );
}

export function Panel({ title, note, children, side }: { title: string; note?: string; children: ReactNode; side?: 'docker' | 'cri' }): ReactNode {
  return (
    <section className={`rt-panel${side ? ` rt-${side}` : ''}`}>
      <h3>{title}</h3>
      {note && <p className="muted">{note}</p>}
      {children}
    </section>
  );
}

const short = (id: string): string => id.slice(0, 13);

export function ContainerTable({ side }: { side: RuntimeSideData }): ReactNode {
  const { t } = useTranslation();
  if (side.containers.length === 0) return <p className="muted">{t('runtimes.noContainers')}</p>;
  return (
    <table className="rt-table">
      <thead>
        <tr>
          <th>{t('runtimes.cols.id')}</th>
          <th>{t('runtimes.cols.kind')}</th>
          <th>{t('runtimes.cols.name')}</th>
          <th>{t('runtimes.cols.pid')}</th>
        </tr>
      </thead>
      <tbody>
        {side.containers.map((c) => (
          <tr key={c.id} data-id={c.id} data-ns={c.namespace} data-sandbox={c.sandbox ? 'true' : 'false'}>
            <td data-raw title={c.id}>{short(c.id)}</td>
            <td>{c.sandbox ? <span className="rt-badge rt-pause">{t('runtimes.kind.pause')}</span> : t('runtimes.kind.app')}</td>
            <td data-raw>{c.pod ? `${c.name} (${c.pod})` : c.name}</td>
            <td data-raw>{c.pid ?? '-'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function label(c: RuntimeContainer): string {
  return `${short(c.id)} ${c.sandbox ? 'pause' : c.name}${c.pod ? ` (${c.pod})` : ''}`;
}

export function CgroupList({ containers }: { containers: RuntimeContainer[] }): ReactNode {
  const running = containers.filter((c) => c.pid !== undefined);
  return (
    <div className="rt-list">
      {running.map((c) => (
        <CommandBlock key={c.id} run={{ command: `cat /proc/${c.pid ?? ''}/cgroup   # ${label(c)}`, ok: true, output: (c.cgroup ?? []).join('\n') }} />
      ))}
    </div>
  );
}

export function LogList({ side }: { side: RuntimeSideData }): ReactNode {
  const { t } = useTranslation();
  const withLogs = side.containers.filter((c) => c.logPath);
  return (
    <div className="rt-list">
      <CommandLine command={side.logCommand} />
      {withLogs.length === 0 ? (
        <p className="muted">{t('runtimes.none')}</p>
      ) : (
        <ul className="rt-paths" data-raw>
          {withLogs.map((c) => (
            <li key={c.id} data-log-for={c.id}>
              <span className="muted">{label(c)}</span>
              <code>{c.logPath}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ImageStore({ side }: { side: RuntimeSideData }): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="rt-list">
      <p>
        {t('runtimes.panels.store')}: <code data-raw>{side.imageStore}</code>
      </p>
      <CommandBlock run={side.images} />
    </div>
  );
}
