// containerd vs Docker: on one node, what Docker and Kubernetes (through CRI) each made of
// the same image, side by side, read live from the node by main (runtimes:snapshot), and
// a demo that runs the same image both ways on it (runtimes:demo, with progress).
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DEMO_STEPS } from '../../../main/common/bridge/runtimes.js';
import type { RuntimeSnapshot } from '../../../main/common/bridge/runtimes.js';
import { ProcessTreePanel } from './process-tree-panel.js';
import { CgroupList, CommandBlock, ContainerTable, ImageStore, LogList, Panel } from './runtime-panels.js';
import { useRuntimes } from './use-runtimes.js';
import type { RuntimesState } from './use-runtimes.js';
import './runtimes.css';

function Toolbar({ s }: { s: RuntimesState }): ReactNode {
  const { t } = useTranslation();
  const [image, setImage] = useState('nginx');
  return (
    <div className="toolbar rt-toolbar">
      <label>
        {t('runtimes.node')}
        <select value={s.node} onChange={(e) => s.setNode(e.target.value)} data-raw>
          {(s.nodes ?? []).map((n) => (
            <option key={n.name} value={n.name}>
              {n.name} ({n.state})
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={s.refresh} disabled={s.loading}>
        {t('runtimes.refresh')}
      </button>
      <label>
        {t('runtimes.demo.image')}
        <input className="rt-image" value={image} onChange={(e) => setImage(e.target.value)} data-raw />
      </label>
      <button type="button" className="primary" onClick={() => s.runDemo(image)} disabled={s.demoRunning || !s.node}>
        {s.demoRunning ? t('runtimes.demo.running') : t('runtimes.demo.run')}
      </button>
      {s.loading && <span className="muted">{t('runtimes.loading')}</span>}
    </div>
  );
}

function DemoProgressList({ s }: { s: RuntimesState }): ReactNode {
  const { t } = useTranslation();
  if (Object.keys(s.demo).length === 0) return null;
  return (
    <ol className="rt-demo">
      {DEMO_STEPS.map((step) => {
        const p = s.demo[step];
        return (
          <li key={step} data-step={step} data-state={p?.state ?? 'pending'}>
            <span className={`rt-state rt-state-${p?.state ?? 'pending'}`}>{p ? t(`runtimes.demo.state.${p.state}`) : '…'}</span> {t(`runtimes.demo.steps.${step}`)}
            {p?.detail && <pre data-raw>{p.detail}</pre>}
          </li>
        );
      })}
    </ol>
  );
}

function DockerNotice({ snap }: { snap: RuntimeSnapshot }): ReactNode {
  const { t } = useTranslation();
  if (!snap.docker.installed) {
    return (
      <p className="rt-notice" data-docker="missing">
        {t('runtimes.docker.missing')} <code data-raw>{snap.docker.installCommand}</code>
      </p>
    );
  }
  if (!snap.docker.running) return <p className="rt-notice" data-docker="stopped">{t('runtimes.docker.stopped')}</p>;
  return null;
}

function Sides({ snap }: { snap: RuntimeSnapshot }): ReactNode {
  const { t } = useTranslation();
  const { docker, cri } = snap.sides;
  const head = (
    <>
      <h2 className="rt-side-head rt-docker">
        {t('runtimes.docker.side')} <span className="muted">{t('runtimes.docker.sideNote')}</span>
      </h2>
      <h2 className="rt-side-head rt-cri">
        {t('runtimes.cri.side')} <span className="muted">{t('runtimes.cri.sideNote')}</span>
      </h2>
    </>
  );
  const dockerOr = (node: ReactNode): ReactNode => (docker ? node : <DockerNotice snap={snap} />);
  return (
    <div className="rt-sides">
      {head}
      <Panel title={t('runtimes.panels.containers')} side="docker">
        {dockerOr(docker && (<><CommandBlock run={docker.containerList} /><ContainerTable side={docker} /><h4>{t('runtimes.panels.tool')}</h4><CommandBlock run={docker.toolList} /></>))}
      </Panel>
      <Panel title={t('runtimes.panels.containers')} side="cri">
        <CommandBlock run={cri.containerList} />
        <ContainerTable side={cri} />
        <h4>{t('runtimes.panels.tool')}</h4>
        <CommandBlock run={cri.toolList} />
        <h4>{t('runtimes.panels.pods')}</h4>
        <p className="muted">{t('runtimes.panels.pauseNote')}</p>
        {cri.podList && <CommandBlock run={cri.podList} />}
      </Panel>
      <Panel title={t('runtimes.panels.cgroups')} note={t('runtimes.panels.cgroupsNote')} side="docker">
        {dockerOr(docker && <CgroupList containers={docker.containers} />)}
      </Panel>
      <Panel title={t('runtimes.panels.cgroups')} note={t('runtimes.panels.cgroupsNote')} side="cri">
        <CgroupList containers={cri.containers} />
      </Panel>
      <Panel title={t('runtimes.panels.logs')} note={t('runtimes.panels.logsNote')} side="docker">
        {dockerOr(docker && <LogList side={docker} />)}
      </Panel>
      <Panel title={t('runtimes.panels.logs')} note={t('runtimes.panels.logsNote')} side="cri">
        <LogList side={cri} />
      </Panel>
      <Panel title={t('runtimes.panels.images')} note={t('runtimes.panels.imagesNote')} side="docker">
        {dockerOr(docker && <ImageStore side={docker} />)}
      </Panel>
      <Panel title={t('runtimes.panels.images')} note={t('runtimes.panels.imagesNote')} side="cri">
        <ImageStore side={cri} />
      </Panel>
    </div>
  );
}

function Snapshot({ snap }: { snap: RuntimeSnapshot }): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="rt-snapshot" data-node={snap.node}>
      <p className="muted">
        {t('runtimes.takenAt', { time: new Date(snap.takenAt).toLocaleTimeString() })}
      </p>
      {snap.env.length > 0 && (
        <p className="rt-env">
          {t('runtimes.terminalEnv')} <code data-raw>{snap.env.join(' ')}</code>
        </p>
      )}
      <DockerNotice snap={snap} />
      <Panel title={t('runtimes.panels.namespaces')} note={t('runtimes.panels.namespacesNote')}>
        <CommandBlock run={snap.namespaces} />
      </Panel>
      <Sides snap={snap} />
      <Panel title={t('runtimes.panels.processes')} note={t('runtimes.panels.processesNote')}>
        <h4>{t('runtimes.panels.chains')}</h4>
        <ProcessTreePanel tree={snap.processes.tree} />
        <p>
          <code data-raw>$ {snap.processes.command}</code>
        </p>
      </Panel>
    </div>
  );
}

export function RuntimesView(): ReactNode {
  const { t } = useTranslation();
  const s = useRuntimes();
  return (
    <div className="runtimes-view">
      <h2>{t('runtimes.title')}</h2>
      <p className="muted">{t('runtimes.intro')}</p>
      <Toolbar s={s} />
      <DemoProgressList s={s} />
      {s.nodes !== null && s.nodes.length === 0 && <p className="muted">{t('runtimes.noNodes')}</p>}
      {s.error && (
        <p className="error" data-raw>
          {s.error}
        </p>
      )}
      {s.snapshot && <Snapshot snap={s.snapshot} />}
    </div>
  );
}
