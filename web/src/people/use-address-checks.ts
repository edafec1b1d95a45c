import { useCallback, useEffect, useRef } from 'react';
import { postByKey, postKey } from '../data/post-query.ts';
import { useDebounced } from '../data/use-debounced.ts';
import { useQuery } from '../data/use-query.ts';
import { useT } from '../i18n/use-t.tsx';
import { type CheckResult, EMAIL_RE } from './parse-emails.ts';

type Checks = Record<string, CheckResult>;

/**
 * The server's word on each typed address (a suspected typo, already invited), asked once typing
 * pauses, for the first `limit` addresses (a query keyed by the body posted). Answers add up, so
 * an address typed again keeps its verdict; until the server has answered, the format alone decides.
 */
export function useAddressChecks(orgId: string, emails: string[], limit: number) {
  const t = useT();
  const debounced = useDebounced(emails.join('\n'), 350);
  const list = debounced ? debounced.split('\n').slice(0, limit) : [];
  const key = list.length ? postKey(`/orgs/${orgId}/invitations/check`, { emails: list }) : null;
  const known = useRef<Checks>({});
  const load = useCallback(async (k: string): Promise<Checks> => {
    const r = await postByKey<{ results: CheckResult[] }>(k);
    const all = { ...known.current };
    for (const x of r.results) all[x.email.toLowerCase()] = x;
    return all;
  }, []);
  const { data: checks, setData } = useQuery<Checks>(key, { load });
  useEffect(() => {
    known.current = checks ?? {};
  }, [checks]);

  function check(email: string): CheckResult {
    const server = checks?.[email.toLowerCase()];
    if (server) return server;
    if (!EMAIL_RE.test(email))
      return { email, ok: false, code: 'invalid_email', message: t('people.invite.invalidEmail') };
    return { email, ok: true };
  }

  /** Forgets every answer, as for a fresh form. */
  function reset() {
    known.current = {};
    setData(undefined);
  }

  return { check, reset };
}
