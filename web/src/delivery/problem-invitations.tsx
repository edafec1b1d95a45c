import { useMemo, useState } from 'react';
import type { Invitation } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { usePagedList } from '../data/use-paged-list.ts';
import { hidden } from '../groups/hidden.tsx';
import { T, useT } from '../i18n/use-t.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { FormError } from '../ui/form-error.tsx';
import { Time } from '../ui/time.tsx';
import { CorrectAddressDialog } from './correct-address-dialog.tsx';
import type { ProblemFilter } from './types.ts';

/** The invitations behind one group, each with "Correct address and resend". */
export function ProblemInvitations({ filter, onChanged }: { filter: ProblemFilter; onChanged: () => void }) {
  const { org } = useOrg();
  const t = useT();
  const [correcting, setCorrecting] = useState<Invitation | null>(null);
  const query = useMemo(() => new URLSearchParams({ limit: '25', [filter.kind]: filter.value }), [filter]);
  const { items, more, reload, error } = usePagedList<Invitation>(
    `/orgs/${org.id}/delivery/problems/invitations`,
    query,
  );
  const title =
    filter.kind === 'domain'
      ? t('delivery.problems.atDomain', { domain: filter.value })
      : t('delivery.problems.answered', { answer: filter.label });
  return (
    <section className="panel" aria-labelledby="problem-invitations-title" data-testid="problem-invitations">
      <h2 id="problem-invitations-title" className="break-anywhere">
        {title}
      </h2>
      <FormError error={error} />
      <DataTable
        items={items}
        empty={<p className="empty">{t('delivery.problems.empty')}</p>}
        caption={title}
        columns={[
          { label: t('delivery.problems.col.address') },
          { label: t('delivery.problems.col.answer') },
          { label: t('delivery.problems.col.when') },
          { label: t('delivery.problems.col.action'), hidden: true },
        ]}
        row={(inv) => (
          <tr key={inv.id} data-email={inv.email}>
            <td data-label={t('delivery.problems.col.address')} className="break-anywhere">
              {inv.email}
            </td>
            <td data-label={t('delivery.problems.col.answer')} className="break-anywhere muted">
              {inv.delivery.detail ??
                (inv.delivery.status === 'bounced'
                  ? t('delivery.problems.bounced')
                  : t('delivery.problems.failed'))}
            </td>
            <td data-label={t('delivery.problems.col.when')}>
              <Time iso={inv.lastEvent.at} />
            </td>
            <td className="actions">
              {inv.actions.includes('correct_address') && (
                <button type="button" onClick={() => setCorrecting(inv)}>
                  <T id="delivery.problems.correct" values={{ email: inv.email, hidden }} />
                </button>
              )}
            </td>
          </tr>
        )}
      />
      {more && (
        <button type="button" onClick={more}>
          {t('delivery.problems.more')}
        </button>
      )}
      {correcting && (
        <CorrectAddressDialog
          invitation={correcting}
          onClose={() => setCorrecting(null)}
          onDone={() => {
            reload();
            onChanged();
          }}
        />
      )}
    </section>
  );
}
