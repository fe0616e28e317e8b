// The nodes view (not built yet: says so in the UI's language).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ComingPanel } from '../coming/coming-panel.js';

export function NodesView(): ReactNode {
  const { t } = useTranslation();
  return <ComingPanel title={t('nodes.title')} />;
}
