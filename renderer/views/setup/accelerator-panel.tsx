// The accelerator VM nodes use or would use, with the honest warning when it is TCG.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProviderKind } from '../../../main/common/bridge/setup.js';
import { useAccelerator } from './use-setup.js';

export function AcceleratorPanel({ provider }: { provider: ProviderKind | null | undefined }): ReactNode {
  const { t } = useTranslation();
  const { info, probing, error, probe } = useAccelerator();
  return (
    <section className="setup-card setup-accel" aria-label={t('setup.accel.heading')}>
      <h3>{t('setup.accel.heading')}</h3>
      <p className="accel-line" data-accel={info?.accel ?? 'unknown'}>
        <span className="label">{t('setup.accel.label')}</span>
        <strong>{info?.accel ? t(`setup.accel.${info.accel}`) : t('setup.accel.unknown')}</strong>
        {info && <span className="muted">({t(`setup.accel.source.${info.source}`)})</span>}
      </p>
      {info?.reason && (
        <p className="accel-reason muted" data-raw="">
          {info.reason}
        </p>
      )}
      {info?.accel === 'tcg' && (
        <p className="accel-warning" role="note">
          {t('setup.accel.tcgWarning')}
        </p>
      )}
      {provider === 'host' && <p className="muted">{t('setup.accel.hostNote')}</p>}
      {info && info.source === 'none' && (
        <button type="button" onClick={probe} disabled={probing}>
          {probing ? t('setup.accel.probing') : t('setup.accel.probe')}
        </button>
      )}
      {error && (
        <p className="error" role="alert">
          {t('setup.error', { message: '' })}
          <span data-raw="">{error}</span>
        </p>
      )}
    </section>
  );
}
