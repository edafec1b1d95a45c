import { brandingRepository } from '../branding/repository.ts';
import type { Deps } from '../shared/deps.ts';
import { fillLink } from './links.ts';
import { LOGO_CID, logoDisplaySize, usesLogo, withLogoSize, withoutLogo } from './logo.ts';
import { parseMailbox } from './mime.ts';
import type { EmailForSend } from './repository.ts';
import type { InlineImage, OutgoingMessage } from './transport.ts';

/** The inline logo of each organization in a batch that has one, with the size to draw it at. */
export type BatchLogos = Map<string, { image: InlineImage; size: { width: number; height: number } }>;

/** Logos kept in memory per process, by organization; a changed logo (new hash) is read again. */
const CACHED_LOGOS = 64;

/**
 * Turns a stored email into the message that leaves: the link filled in, the sender and
 * Reply-To decided when it was queued (as address objects, MAIL_FROM's address with the stored
 * display name), and the organization's logo attached inline when the body shows it.
 */
export function createOutgoingComposer(deps: Pick<Deps, 'db' | 'config' | 'log'>) {
  const mailFrom = parseMailbox(deps.config.mailFrom);
  const logos = new Map<string, { sha256: string; image: InlineImage }>();

  return {
    /**
     * The logos a batch needs, by organization: those that have one now (bytes read only when not
     * cached at this version). Batches run concurrently, so each gets its own answer.
     */
    async logosFor(emails: EmailForSend[]): Promise<BatchLogos> {
      const orgIds = [...new Set(emails.filter((e) => e.org_id && usesLogo(e.html)).map((e) => e.org_id!))];
      const current: BatchLogos = new Map();
      if (orgIds.length === 0) return current;
      try {
        const versions = await brandingRepository.logoVersions(deps.db, orgIds);
        for (const v of versions) {
          let cached = logos.get(v.org_id);
          if (cached?.sha256 !== v.sha256) {
            const row = await brandingRepository.logo(deps.db, v.org_id);
            if (!row) continue;
            if (logos.size >= CACHED_LOGOS) logos.delete(logos.keys().next().value!);
            cached = {
              sha256: row.sha256,
              image: {
                cid: LOGO_CID,
                filename: row.content_type === 'image/png' ? 'logo.png' : 'logo.jpg',
                contentType: row.content_type,
                content: row.content,
              },
            };
            logos.set(v.org_id, cached);
          }
          current.set(v.org_id, { image: cached.image, size: logoDisplaySize(v.width, v.height) });
        }
      } catch (err) {
        // The emails still go, without the picture, rather than wait on it.
        deps.log.warn({ err }, 'email worker: organization logos not read; sending without them');
      }
      return current;
    },

    compose(email: EmailForSend, link: string, batchLogos: BatchLogos): OutgoingMessage {
      const logo = email.org_id ? batchLogos.get(email.org_id) : undefined;
      const html = fillLink(email.html, link);
      return {
        from: { name: email.from_name ?? mailFrom.name, address: mailFrom.address },
        ...(email.reply_to_address
          ? { replyTo: { name: email.reply_to_name ?? '', address: email.reply_to_address } }
          : {}),
        to: email.to_address,
        subject: email.subject,
        html: !usesLogo(html) ? html : logo ? withLogoSize(html, logo.size) : withoutLogo(html),
        text: fillLink(email.text, link),
        messageId: email.message_id,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Beckon-Email-Id': email.id },
        ...(logo && usesLogo(html) ? { inlineImages: [logo.image] } : {}),
      };
    },
  };
}
