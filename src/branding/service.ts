import { createHash } from 'node:crypto';
import { auditEntry, changedFields } from '../audit/changes.ts';
import { auditRepository } from '../audit/repository.ts';
import type { Actor } from '../auth/permissions.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { normalizeAccent } from './colour.ts';
import { inspectLogo } from './image-check.ts';
import { logoUrl, type PublicLook, publicLook, senderName } from './look.ts';
import { type LogoMeta, brandingRepository as repo } from './repository.ts';
import type { BrandingDto, BrandingPatchDto } from './schemas.ts';

/** An organization's look in its emails and on its invitee pages, and who its emails say they are from. */
export function createBrandingService(deps: Pick<Deps, 'db' | 'clock' | 'config'>) {
  const { db, clock, config } = deps;

  const logoInfo = (orgId: string, m: LogoMeta | undefined): BrandingDto['logo'] =>
    m
      ? {
          url: logoUrl(config.appUrl, orgId, m.sha256),
          contentType: m.content_type,
          width: m.width,
          height: m.height,
          bytes: Number(m.bytes),
          updatedAt: m.updated_at.toISOString(),
        }
      : null;
  /** What the audit log keeps of a logo: its kind and size, never its bytes. */
  const logoLabel = (m: { content_type: string; width: number; height: number } | undefined) =>
    m ? `${m.content_type.replace('image/', '').toUpperCase()} ${m.width} × ${m.height}` : null;

  async function get(orgId: string): Promise<BrandingDto> {
    const [org] = await repo.forOrganizations(db, [orgId]);
    if (!org) throw notFound('Organization');
    return {
      accentColor: org.accent_color,
      replyToInviter: org.reply_to_inviter,
      logo: logoInfo(orgId, await repo.logoMeta(db, orgId)),
      sender: senderName(org.name, config.productName),
    };
  }

  return {
    get: (actor: Actor) => get(actor.orgId),

    async update(actor: Actor, patch: BrandingPatchDto): Promise<BrandingDto> {
      const accent =
        patch.accentColor === undefined || patch.accentColor === null
          ? patch.accentColor
          : normalizeAccent(patch.accentColor);
      await db.transaction().execute(async (trx) => {
        const before = await repo.settingsForUpdate(trx, actor.orgId);
        if (!before) throw notFound('Organization');
        const now = clock.now();
        const after = await repo.updateSettings(trx, actor.orgId, {
          accent_color: accent,
          reply_to_inviter: patch.replyToInviter,
          updated_at: now,
        });
        const view = (o: typeof before) => ({
          accentColor: o.accent_color,
          replyToInviter: o.reply_to_inviter,
        });
        const changes = changedFields(view(before), view(after));
        if (changes)
          await auditRepository.record(trx, [
            auditEntry(
              actor,
              now,
              'branding.changed',
              { type: 'organization', id: after.id, label: after.name },
              changes,
            ),
          ]);
      });
      return get(actor.orgId);
    },

    /** Checks the bytes (type, size, pixels) and makes them the organization's logo. */
    async saveLogo(actor: Actor, bytes: Buffer): Promise<BrandingDto> {
      const image = inspectLogo(bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await db.transaction().execute(async (trx) => {
        const org = await repo.settingsForUpdate(trx, actor.orgId);
        if (!org) throw notFound('Organization');
        const before = await repo.logoMeta(trx, actor.orgId);
        if (before?.sha256 === sha256) return;
        const now = clock.now();
        await repo.saveLogo(trx, {
          org_id: actor.orgId,
          content_type: image.contentType,
          content: bytes,
          width: image.width,
          height: image.height,
          sha256,
          updated_at: now,
        });
        await auditRepository.record(trx, [
          auditEntry(
            actor,
            now,
            'branding.logo_changed',
            { type: 'organization', id: org.id, label: org.name },
            {
              logo: { from: logoLabel(before), to: logoLabel({ content_type: image.contentType, ...image }) },
            },
          ),
        ]);
      });
      return get(actor.orgId);
    },

    async removeLogo(actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const org = await repo.settingsForUpdate(trx, actor.orgId);
        if (!org) throw notFound('Organization');
        const before = await repo.logoMeta(trx, actor.orgId);
        if (!before || !(await repo.deleteLogo(trx, actor.orgId))) return;
        await auditRepository.record(trx, [
          auditEntry(
            actor,
            clock.now(),
            'branding.logo_changed',
            { type: 'organization', id: org.id, label: org.name },
            { logo: { from: logoLabel(before), to: null } },
          ),
        ]);
      });
    },

    /** The logo image, for anyone (it is shown to invitees who have no account): 404 when none. */
    async logo(orgId: string) {
      if (!isUuid(orgId)) throw notFound('Logo');
      const row = await repo.logo(db, orgId);
      if (!row) throw notFound('Logo');
      return row;
    },

    /** The look of an organization's invitee pages. */
    async look(orgId: string): Promise<PublicLook> {
      const [org] = await repo.forOrganizations(db, [orgId]);
      if (!org) throw notFound('Organization');
      return publicLook(config.appUrl, org);
    },
  };
}

export type BrandingService = ReturnType<typeof createBrandingService>;
