import './delivery.css';
import { type ReactNode, useState } from 'react';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { useQuery } from '../data/use-query.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { ProblemGroups } from './problem-groups.tsx';
import { ProblemInvitations } from './problem-invitations.tsx';
import type { DeliveryProblemsDto, ProblemFilter } from './types.ts';

/**
 * Delivery problems: open invitations whose email failed or bounced, grouped by recipient
 * domain and by the mail server's answer, so "everything to one domain bounces" is one row.
 */
const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

export function DeliveryPage() {
  const { org } = useOrg();
  const t = useT();
  const read = useQuery<DeliveryProblemsDto>(`/orgs/${org.id}/delivery/problems`);
  const { data, reload: load } = read;
  const error = read.error ? errorText(read.error) : null;
  const [selected, setSelected] = useState<ProblemFilter | null>(null);
  return (
    <>
      <PageHead title={t('delivery.page.title')} lead={t('delivery.page.lead')}>
        <button type="button" onClick={load}>
          {t('delivery.page.refresh')}
        </button>
      </PageHead>
      <FormError error={error} />
      {!data ? (
        <Spinner />
      ) : data.total === 0 ? (
        <p className="empty" data-testid="delivery-empty">
          {t('delivery.page.empty')}
        </p>
      ) : (
        <>
          <p data-testid="delivery-total">
            <T id="delivery.page.total" values={{ count: data.total, b: strong }} />
          </p>
          <div className="delivery-groups">
            <ProblemGroups kind="domain" groups={data.byDomain} selected={selected} onSelect={setSelected} />
            <ProblemGroups kind="answer" groups={data.byAnswer} selected={selected} onSelect={setSelected} />
          </div>
          {selected && (
            <ProblemInvitations
              key={`${selected.kind}:${selected.value}`}
              filter={selected}
              onChanged={load}
            />
          )}
        </>
      )}
    </>
  );
}
