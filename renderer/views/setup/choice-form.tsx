// First run: the user chooses the provider, the number of nodes and, for VMs, their size.
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CHOICE, NODE_LIMITS } from '../../../main/common/bridge/setup.js';
import type { LabChoice, ProviderKind, SetupState } from '../../../main/common/bridge/setup.js';

const PROVIDERS: readonly ProviderKind[] = ['qemu', 'host'];

export function ChoiceForm({ state, onStart, busy }: { state: SetupState; onStart: (c: LabChoice) => void; busy: boolean }): ReactNode {
  const { t } = useTranslation();
  const firstAvailable = PROVIDERS.find((p) => state.providers[p].available) ?? DEFAULT_CHOICE.provider;
  const [choice, setChoice] = useState<LabChoice>(() => state.choice ?? { ...DEFAULT_CHOICE, provider: firstAvailable });
  const set = (patch: Partial<LabChoice>): void => setChoice((c) => ({ ...c, ...patch }));
  const num = (v: string, min: number, max: number): number => Math.min(max, Math.max(min, Math.round(Number(v) || 0)));
  const available = state.providers[choice.provider].available || choice.nodes === 0;
  return (
    <form
      className="setup-card setup-choice"
      aria-label={t('setup.choice.heading')}
      onSubmit={(e) => {
        e.preventDefault();
        onStart(choice);
      }}
    >
      <h3>{t('setup.choice.heading')}</h3>
      <fieldset>
        <legend>{t('setup.choice.provider')}</legend>
        {PROVIDERS.map((p) => (
          <label key={p} className="choice-provider" data-provider={p}>
            <input type="radio" name="provider" value={p} checked={choice.provider === p} onChange={() => set({ provider: p })} />
            <span>{t(`setup.choice.providers.${p}`)}</span>
            {!state.providers[p].available && (
              <span className="muted">
                {t('setup.choice.unavailable')} <span data-raw="">{state.providers[p].reason}</span>
              </span>
            )}
          </label>
        ))}
      </fieldset>
      <label>
        {t('setup.choice.nodes')}
        <input type="number" name="nodes" min={NODE_LIMITS.minNodes} max={NODE_LIMITS.maxNodes} value={choice.nodes} onChange={(e) => set({ nodes: num(e.target.value, NODE_LIMITS.minNodes, NODE_LIMITS.maxNodes) })} />
      </label>
      {choice.provider === 'qemu' && (
        <>
          <label>
            {t('setup.choice.cpus')}
            <input type="number" name="cpus" min={NODE_LIMITS.minCpus} max={NODE_LIMITS.maxCpus} value={choice.cpus} onChange={(e) => set({ cpus: num(e.target.value, NODE_LIMITS.minCpus, NODE_LIMITS.maxCpus) })} />
          </label>
          <label>
            {t('setup.choice.memory')}
            <input type="number" name="memoryMiB" min={NODE_LIMITS.minMemoryMiB} max={NODE_LIMITS.maxMemoryMiB} step={128} value={choice.memoryMiB} onChange={(e) => set({ memoryMiB: num(e.target.value, NODE_LIMITS.minMemoryMiB, NODE_LIMITS.maxMemoryMiB) })} />
          </label>
        </>
      )}
      <button type="submit" className="primary" disabled={busy || !available}>
        {state.phase === 'failed' ? t('setup.choice.startAgain') : t('setup.choice.start')}
      </button>
    </form>
  );
}
