// Owner links: the objects this one's ownerReferences name and the objects it owns, each a
// button that switches the view to that object (Pod → ReplicaSet → Deployment and back).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResourceLink } from '../../../main/common/bridge/contract.js';

export interface OwnerLinksProps {
  rel: 'owners' | 'owned';
  links: readonly ResourceLink[];
  onOpen: (link: ResourceLink) => void;
}

export function OwnerLinks({ rel, links, onOpen }: OwnerLinksProps): ReactNode {
  const { t } = useTranslation();
  return (
    <ul className="owner-links" data-rel={rel}>
      {links.map((l) => {
        const what = `${l.apiKind}/${l.name}`;
        return (
          <li key={what}>
            {l.kind !== null ? (
              <button type="button" className="link" data-raw="" data-kind={l.kind} data-name={l.name} title={t('detail.openOwner', { what })} onClick={() => onOpen(l)}>
                {what}
              </button>
            ) : (
              <span data-raw="">{what}</span>
            )}
            {l.controller && rel === 'owners' && <span className="badge">{t('detail.controller')}</span>}
          </li>
        );
      })}
    </ul>
  );
}
