// The views of the desktop-app issue that are not built yet say so, in the UI's language.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function ComingPanel({ title }: { title: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="coming" aria-label={title}>
      <h2>{title}</h2>
      <p className="badge">{t('coming.title')}</p>
      <p>{t('coming.body')}</p>
    </section>
  );
}
