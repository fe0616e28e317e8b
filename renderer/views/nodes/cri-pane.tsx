// The crictl pane: the node's pods as the API server has them beside the pod sandboxes
// and containers containerd has (matched by pod UID), then the images. What each side
// says is raw data (data-raw); the commands are what a learner types on the node.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CriContainerRow, CriView } from '../../../main/common/bridge/nodes.js';

interface CriPaneProps {
  cri: { view: CriView | undefined; error: string | undefined; loading: boolean; refresh: () => void };
}

const short = (id: string): string => id.replace(/^sha256:/, '').slice(0, 13);

export function CriPane({ cri }: CriPaneProps): ReactNode {
  const { t } = useTranslation();
  const { view, error, loading, refresh } = cri;
  return (
    <div className="cri-pane">
      <div className="toolbar">
        <button type="button" onClick={refresh} disabled={loading}>
          {loading ? t('nodes.cri.loading') : t('nodes.cri.refresh')}
        </button>
        <span className="muted">{t('nodes.cri.hint')}</span>
      </div>
      {error !== undefined && (
        <p className="error" role="alert">
          {t('error.title')}: <span data-raw="">{error}</span>
        </p>
      )}
      {view && (
        <>
          {view.error && (
            <p className="error" role="alert">
              {t('nodes.cri.nodeError')}: <span data-raw="">{view.error}</span>
            </p>
          )}
          <p className="cri-commands" data-raw="">
            {view.commands.map((c) => (
              <code key={c}>$ {c}</code>
            ))}
            <code>$ kubectl get pods -A --field-selector spec.nodeName={view.node}</code>
          </p>
          <table className="cri-table" data-testid="cri-pods">
            <thead>
              <tr>
                <th>{t('nodes.cri.apiSide')}</th>
                <th>{t('nodes.cri.sandboxSide')}</th>
                <th>{t('nodes.cri.containersSide')}</th>
              </tr>
            </thead>
            <tbody>
              {view.pairs.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    {t('nodes.cri.noPods')}
                  </td>
                </tr>
              )}
              {view.pairs.map((p) => {
                const api = view.apiPods.find((a) => a.uid === p.uid);
                const sandboxes = view.sandboxes.filter((s) => s.uid === p.uid);
                const containers = view.containers.filter((c) => sandboxes.some((s) => s.id === c.podSandboxId));
                return (
                  <tr key={p.uid} data-uid={p.uid} data-pod={`${p.namespace}/${p.name}`}>
                    <td className="api-side">
                      {api ? (
                        <span data-raw="">
                          <strong>
                            {api.namespace}/{api.name}
                          </strong>
                          <br />
                          {api.phase} {api.podIP}
                          <br />
                          <small>uid {api.uid}</small>
                        </span>
                      ) : (
                        <span className="muted">{t('nodes.cri.notInApi')}</span>
                      )}
                    </td>
                    <td className="sandbox-side">
                      {sandboxes.length === 0 && <span className="muted">{t('nodes.cri.noSandbox')}</span>}
                      {sandboxes.map((s) => (
                        <div key={s.id} data-raw="" data-sandbox={s.id}>
                          <code>{short(s.id)}</code> {s.state} <small>#{s.attempt}</small>
                          <br />
                          <small>
                            {s.namespace}/{s.name}
                          </small>
                        </div>
                      ))}
                    </td>
                    <td className="containers-side">
                      {containers.length === 0 && <span className="muted">{t('nodes.cri.noContainers')}</span>}
                      {containers.map((c) => (
                        <ContainerLine key={c.id} c={c} />
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h3>{t('nodes.cri.images', { count: view.images.length })}</h3>
          <table className="cri-table" data-testid="cri-images">
            <thead>
              <tr>
                <th>{t('nodes.cri.colImage')}</th>
                <th>{t('nodes.cri.colImageId')}</th>
                <th>{t('nodes.cri.colSize')}</th>
              </tr>
            </thead>
            <tbody data-raw="">
              {view.images.map((i) => (
                <tr key={i.id}>
                  <td>{i.tags.join(', ') || '<none>'}</td>
                  <td>
                    <code>{short(i.id)}</code>
                  </td>
                  <td>{humanSize(i.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function ContainerLine({ c }: { c: CriContainerRow }): ReactNode {
  return (
    <div data-raw="" data-container={c.name}>
      <code>{short(c.id)}</code> <strong>{c.name}</strong> {c.state} <small>#{c.attempt}</small>
      <br />
      <small>{c.image}</small>
    </div>
  );
}

/** crictl images' SIZE column: go-units HumanSizeWithPrecision(size, 3), decimal units */
function humanSize(bytes: string): string {
  let n = Number(bytes);
  if (!Number.isFinite(n)) return bytes;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${Number(n.toPrecision(3))}${units[i] ?? ''}`;
}
