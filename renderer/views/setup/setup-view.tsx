// Cluster setup: the first-run choice (desktop app), the running lab and its nodes, the
// accelerator, the progress of every step since the start, and the kubeconfig merge.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabChoice } from '../../../main/common/bridge/setup.js';
import { describeError } from '../../bridge/bridge-client.js';
import { useBridge } from '../../bridge/bridge-context.js';
import { AcceleratorPanel } from './accelerator-panel.js';
import { ChoiceForm } from './choice-form.js';
import { KubeconfigPanel } from './kubeconfig-panel.js';
import { LabPanel } from './lab-panel.js';
import { ProgressPanel } from './progress-panel.js';
import { useProgressHistory, useSetupState } from './use-setup.js';
import './setup.css';

export function SetupView(): ReactNode {
  const { t } = useTranslation();
  const client = useBridge();
  const { state, error, refresh } = useSetupState();
  const steps = useProgressHistory();
  const [startError, setStartError] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);

  const start = (choice: LabChoice): void => {
    setStarting(true);
    setStartError(undefined);
    client
      .call('setup:start', choice)
      .then(refresh, (e: unknown) => setStartError(describeError(e)))
      .finally(() => setStarting(false));
  };
  const choosing = state?.phase === 'first-run' || state?.phase === 'failed';
  const failure = startError ?? state?.error ?? error;
  return (
    <section className="setup-view" aria-label={t('setup.title')}>
      <header className="setup-head">
        <h2>{t('setup.title')}</h2>
        {state && (
          <span className={`setup-phase ${state.phase}`} data-phase={state.phase}>
            {t(`setup.phase.${state.phase}`)}
          </span>
        )}
      </header>
      {choosing && <p className="setup-intro">{t('setup.intro')}</p>}
      {failure && (
        <p className="error" role="alert">
          {t('setup.error', { message: '' })}
          <span data-raw="">{failure}</span>
        </p>
      )}
      <div className="setup-grid">
        <div className="setup-column">
          {state && choosing && <ChoiceForm state={state} onStart={start} busy={starting} />}
          {state?.lab && <LabPanel lab={state.lab} onChanged={refresh} />}
          <AcceleratorPanel provider={state?.lab?.provider ?? state?.choice?.provider} />
          <KubeconfigPanel running={state?.phase === 'running'} />
        </div>
        <ProgressPanel steps={steps} />
      </div>
    </section>
  );
}
