import { T } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';

interface Named {
  invitationId?: unknown;
  email?: unknown;
}

/**
 * An address correction in a timeline, in words, with the other invitation one click away:
 * the old invitation's `cancelled` event names the new one, the new one's `created` the old.
 * Null for any other detail.
 */
/** Whether an event's detail names the other invitation of an address correction. */
export function isCorrection(detail: unknown): boolean {
  if (!detail || typeof detail !== 'object') return false;
  const d = detail as { correctedTo?: Named; correctionOf?: Named };
  const other = d.correctedTo ?? d.correctionOf;
  return !!other && typeof other.invitationId === 'string' && typeof other.email === 'string';
}

export function CorrectionNote({ detail, base }: { detail: unknown; base: string }) {
  if (!detail || typeof detail !== 'object') return null;
  const d = detail as { correctedTo?: Named; correctionOf?: Named };
  const other = d.correctedTo ?? d.correctionOf;
  if (!other || typeof other.invitationId !== 'string' || typeof other.email !== 'string') return null;
  const link = (
    <Link to={`${base}/invitations/${other.invitationId}`} className="break-anywhere">
      <bdi>{other.email}</bdi>
    </Link>
  );
  return (
    <div className="small" data-testid="correction-note">
      {d.correctedTo ? (
        <T id="delivery.correction.to" values={{ link }} />
      ) : (
        <T id="delivery.correction.of" values={{ link }} />
      )}
    </div>
  );
}
