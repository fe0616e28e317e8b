// The lab's progress history, one list per action (the start, each node added or removed).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgressStep } from '../../../main/common/bridge/setup.js';
import { ProgressList } from '../../components/progress/progress-list.js';

/** `start`, `nodes`, `add-node-3`, `remove-node-4` → the operation's i18n key */
function operationKey(operation: string): string {
  if (operation.startsWith('add-node-')) return 'setup.progress.operations.addNode';
  if (operation.startsWith('remove-node-')) return 'setup.progress.operations.removeNode';
  return operation === 'start' ? 'setup.progress.operations.start' : 'setup.progress.operations.nodes';
}

export function ProgressPanel({ steps }: { steps: readonly ProgressStep[] }): ReactNode {
  const { t } = useTranslation();
  const groups = new Map<string, ProgressStep[]>();
  for (const s of steps) groups.set(s.operation, [...(groups.get(s.operation) ?? []), s]);
  return (
    <section className="setup-card setup-progress" aria-label={t('setup.progress.heading')}>
      <h3>{t('setup.progress.heading')}</h3>
      {steps.length === 0 && <p className="muted">{t('setup.progress.empty')}</p>}
      {[...groups.entries()].map(([op, list]) => (
        <div key={op} className="setup-operation" data-operation={op}>
          <ProgressList steps={list} title={t(operationKey(op))} summary={op === 'start'} />
        </div>
      ))}
    </section>
  );
}
