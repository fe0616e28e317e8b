// The header: the lab (API server, node provider, node count), the connection, and the
// language switch.
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClusterInfo } from '../../main/common/bridge/contract.js';
import { useBridge, useConnection } from '../bridge/bridge-context.js';
import { LANGUAGES, type Language } from '../i18n/i18n.js';

/** the node count moves as nodes come and go; the header need not be faster than this */
const INFO_REFRESH_MS = 5000;

export function AppHeader(): ReactNode {
  const { t, i18n } = useTranslation();
  const client = useBridge();
  const { state } = useConnection();
  const [info, setInfo] = useState<ClusterInfo | undefined>();

  useEffect(() => {
    if (state !== 'open') return;
    const load = (): void => void client.call('cluster:info', {}).then(setInfo, () => undefined);
    load();
    const timer = setInterval(load, INFO_REFRESH_MS);
    return () => clearInterval(timer);
  }, [client, state]);

  const changeLanguage = (lng: Language): void => {
    void i18n.changeLanguage(lng);
    document.documentElement.lang = lng;
  };

  return (
    <header className="app-header">
      <h1>{t('app.title')}</h1>
      {info && (
        <dl className="cluster-info">
          <dt>{t('header.apiServer')}</dt>
          <dd data-raw="">{info.apiServer}</dd>
          <dt>{t('header.provider')}</dt>
          <dd>{info.provider ?? t('header.providerNone')}</dd>
          <dd className="nodes">{t('header.nodes', { count: info.nodeCount })}</dd>
        </dl>
      )}
      <span className={`connection ${state}`}>{t(`header.connection.${state}`)}</span>
      <label className="language">
        {t('header.language')}
        <select value={i18n.language} onChange={(e) => changeLanguage(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`languages.${l}`)}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
