import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeMessage } from '../../src/mail/mime.ts';
import { LINK_PLACEHOLDER } from '../../src/mail/outbox.ts';
import { verifyOttToken } from '../../src/security/tokens.ts';
import { ENGLISH_UTC } from '../../src/templates/dates.ts';
import {
  emailRow,
  insertInvitation,
  invitationEmail,
  queueEmail,
  sendJobs,
  waitUntil,
} from '../fixtures/mail.ts';
import { TEST_SECRET, type TestApp } from '../helpers/app.ts';
import { createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('email delivery through SMTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ smtp: true });
  });

  it('sends an invitation once, with a stable Message-ID and the link filled in only in the sent copy', async () => {
    const { org } = await createOrgWithOwner(t);
    const inv = await insertInvitation(t.services, org.id, uniqueEmail('invitee'));
    const emailId = await queueEmail(t.services, invitationEmail(inv));

    const stored = await emailRow(t.services, emailId);
    expect(stored.text).toContain(LINK_PLACEHOLDER);
    const mail = await t.smtp!.waitFor((m) => m.to.includes(inv.email));
    expect(mail.messageId).toBe(stored.message_id);
    const link = `http://beckon.test/invite/${t.services.links.sign(inv.id, 1)}`;
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(link);
    expect(mail.text).not.toContain(LINK_PLACEHOLDER);
    expect(mail.subject).toContain('Acme Training');

    const sent = await waitUntil(async () => {
      const row = await emailRow(t.services, emailId);
      return row.status === 'sent' ? row : null;
    });
    expect(sent.sent_at).toBeTruthy();
    expect(sent.attempts).toBe(1);
    expect(sent.last_response).toMatch(/^250/);
    // The token never rests in the database.
    expect(sent.html).not.toContain(t.services.links.sign(inv.id, 1));
    const invAfter = await t.services.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', inv.id)
      .executeTakeFirstOrThrow();
    expect(invAfter.delivery_status).toBe('sent');
    expect(invAfter.delivery_detail).toMatch(/^250/);

    // Running the job again (a redelivery) sends nothing.
    await t.services.db
      .transaction()
      .execute((trx) => t.services.queue.enqueue(trx, 'email.send', { emailId }));
    // Both jobs finished (the redelivery's too): whatever it would send has been sent.
    await waitUntil(async () => {
      const jobs = await sendJobs(t.services.db, emailId);
      return jobs.length === 2 && jobs.every((j) => j.state === 'completed');
    });
    expect(t.smtp!.messages.filter((m) => m.messageId === stored.message_id)).toHaveLength(1);
  });

  it('sends to an internationalised domain in its ASCII form', async () => {
    const { org } = await createOrgWithOwner(t);
    const local = uniqueEmail('idn').split('@')[0]!;
    const inv = await insertInvitation(t.services, org.id, `${local}@bücher.de`);
    await queueEmail(t.services, invitationEmail(inv));
    // The test server shows envelope addresses decoded; the header is as sent.
    const mail = await t.smtp!.waitFor((m) => m.to.includes(`${local}@bücher.de`));
    expect(mail.raw).toContain(`\r\nTo: ${local}@xn--bcher-kva.de\r\n`);
  });

  it('retries a temporary failure (451) and then delivers', async () => {
    const { org } = await createOrgWithOwner(t);
    const inv = await insertInvitation(t.services, org.id, uniqueEmail('greylisted'));
    t.smtp!.rejectRecipient(inv.email, 451, '4.7.1 Greylisted, try again later', 1);
    const emailId = await queueEmail(t.services, invitationEmail(inv));

    const mail = await t.smtp!.waitFor((m) => m.to.includes(inv.email), 20_000);
    const row = await waitUntil(async () => {
      const r = await emailRow(t.services, emailId);
      return r.status === 'sent' ? r : null;
    });
    expect(mail.messageId).toBe(row.message_id);
    expect(row.attempts).toBe(2);
    const jobs = await sendJobs(t.services.db, emailId);
    expect(jobs.some((j) => j.retry_count >= 1)).toBe(true);
    const invAfter = await t.services.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', inv.id)
      .executeTakeFirstOrThrow();
    expect(invAfter.delivery_status).toBe('sent');
  });

  it('shows a temporary failure as "retrying" with the server answer', async () => {
    const { org } = await createOrgWithOwner(t);
    const inv = await insertInvitation(t.services, org.id, uniqueEmail('deferred'));
    t.smtp!.rejectRecipient(inv.email, 451, '4.2.1 Mailbox busy', 3);
    const emailId = await queueEmail(t.services, invitationEmail(inv));
    const invRow = await waitUntil(async () => {
      const r = await t.services.db
        .selectFrom('invitations')
        .selectAll()
        .where('id', '=', inv.id)
        .executeTakeFirstOrThrow();
      return r.delivery_detail?.startsWith('retrying:') ? r : null;
    });
    expect(invRow.delivery_detail).toContain('4.2.1 Mailbox busy');
    expect(invRow.delivery_status).toBe('queued');
    const row = await emailRow(t.services, emailId);
    expect(['queued', 'sending']).toContain(row.status);
    expect(row.last_response).toContain('451');
  });

  it('records a permanent failure (550) on the email and the invitation, with the server answer and an event', async () => {
    const { org } = await createOrgWithOwner(t);
    const inv = await insertInvitation(t.services, org.id, uniqueEmail('nobody'));
    t.smtp!.rejectRecipient(inv.email, 550, '5.1.1 <nobody> User unknown');
    const emailId = await queueEmail(t.services, invitationEmail(inv));

    const row = await waitUntil(async () => {
      const r = await emailRow(t.services, emailId);
      return r.status === 'failed' ? r : null;
    });
    expect(row.last_response).toContain('5.1.1');
    expect(row.attempts).toBe(1);
    const invAfter = await t.services.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', inv.id)
      .executeTakeFirstOrThrow();
    expect(invAfter.delivery_status).toBe('failed');
    expect(invAfter.delivery_detail).toContain('550');
    expect(invAfter.delivery_detail).toContain('User unknown');
    expect(invAfter.last_event_type).toBe('delivery_failed');
    const events = await t.services.db
      .selectFrom('invitation_events')
      .selectAll()
      .where('invitation_id', '=', inv.id)
      .execute();
    const failed = events.find((e) => e.type === 'delivery_failed');
    expect(failed?.actor_type).toBe('system');
    expect(JSON.stringify(failed?.detail)).toContain('User unknown');
    const jobs = await sendJobs(t.services.db, emailId);
    expect(jobs.every((j) => j.retry_count === 0)).toBe(true);

    // The outbox shows the failure and the server's answer.
    const { client } = await createOrgWithOwner(t);
    const foreign = await client.get(`/api/v1/orgs/${org.id}/outbox`);
    expect(foreign.status).toBe(404);
  });

  it('does not send an email whose invitation was resent or cancelled before it left', async () => {
    const { org } = await createOrgWithOwner(t);
    const resent = await insertInvitation(t.services, org.id, uniqueEmail('resent'));
    const first = await queueEmail(t.services, invitationEmail(resent), async (trx) => {
      // A resend in the same instant: the link version moves on, so this email's link is dead.
      await trx.updateTable('invitations').set({ link_version: 2 }).where('id', '=', resent.id).execute();
    });
    const cancelled = await insertInvitation(t.services, org.id, uniqueEmail('cancelled'));
    const second = await queueEmail(t.services, invitationEmail(cancelled), async (trx) => {
      await trx
        .updateTable('invitations')
        .set({ status: 'cancelled' })
        .where('id', '=', cancelled.id)
        .execute();
    });
    for (const id of [first, second]) {
      const row = await waitUntil(async () => {
        const r = await emailRow(t.services, id);
        return r.status === 'cancelled' ? r : null;
      });
      expect(row.last_response).toContain('superseded');
      expect(row.attempts).toBe(0);
    }
    expect(t.smtp!.messages.some((m) => m.to.includes(resent.email) || m.to.includes(cancelled.email))).toBe(
      false,
    );
  });

  it("holds back what exceeds the organization's sends per minute, without counting it as a failure", async () => {
    const { org } = await createOrgWithOwner(t);
    // The throttle reads the app clock, pg-boss the database clock: line them up.
    t.clock.set(new Date());
    await t.services.db
      .updateTable('organizations')
      .set({ send_rate_per_minute: 2 })
      .where('id', '=', org.id)
      .execute();
    const to = Array.from({ length: 4 }, () => uniqueEmail('throttled'));
    const ids: string[] = [];
    await t.services.db.transaction().execute(async (trx) => {
      const { createOutbox } = await import('../../src/mail/outbox.ts');
      const outbox = createOutbox(t.services);
      for (const address of to) {
        ids.push(
          await outbox.queue(trx, {
            orgId: org.id,
            kind: 'account_ready',
            to: address,
            language: ENGLISH_UTC,
            vars: { organizationName: 'Acme' },
            link: { path: '/sign-in' },
          }),
        );
      }
    });
    await waitUntil(async () => t.smtp!.messages.filter((m) => to.includes(m.to[0]!)).length >= 2 || null);
    // The other two wait for capacity: queued, their next job a minute away.
    const held = await waitUntil(async () => {
      const rows = await t.services.db
        .selectFrom('emails')
        .selectAll()
        .where('id', 'in', ids)
        .where('status', '=', 'queued')
        .execute();
      if (rows.length !== 2) return null;
      const jobs = (await Promise.all(rows.map((r) => sendJobs(t.services.db, r.id)))).flat();
      const waiting = jobs.filter(
        (j) => j.state === 'created' && new Date(j.start_after).getTime() > Date.now() + 30_000,
      );
      if (waiting.length !== 2) return null;
      // A backlog is spread: one slot every 60 s / rate, not all at once a minute later.
      const [a, b] = waiting.map((j) => new Date(j.start_after).getTime()).sort((x, y) => x - y);
      expect(b! - a!).toBeGreaterThanOrEqual(29_000);
      return rows;
    });
    // Their only jobs start a minute from now, so nothing else can send them before the clock moves.
    expect(held.every((r) => r.attempts === 0 && r.last_response === null)).toBe(true);
    expect(t.smtp!.messages.filter((m) => to.includes(m.to[0]!))).toHaveLength(2);
    const sentMail = t.smtp!.messages.find((m) => to.includes(m.to[0]!))!;
    expect(sentMail.text).toContain('http://beckon.test/sign-in');

    // A minute later there is room again.
    t.clock.advance(61_000);
    await sql`UPDATE pgboss.job SET start_after = now() WHERE name = 'email.send' AND state = 'created' AND data->>'emailId' = ANY(${held.map((r) => r.id)}::text[])`.execute(
      t.services.db,
    );
    await waitUntil(async () => t.smtp!.messages.filter((m) => to.includes(m.to[0]!)).length === 4 || null);
  });

  it('fills one-time-token links from the token row id at send time', async () => {
    const { org } = await createOrgWithOwner(t);
    const ottId = randomUUID();
    const to = uniqueEmail('reset');
    const emailId = await queueEmail(t.services, {
      orgId: org.id,
      kind: 'password_reset',
      to,
      language: ENGLISH_UTC,
      vars: {},
      link: { path: '/reset-password/', ottId },
    });
    const mail = await t.smtp!.waitFor((m) => m.to.includes(to));
    const token = /http:\/\/beckon\.test\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token).toBeTruthy();
    expect(verifyOttToken(TEST_SECRET, token!)).toBe(ottId);
    expect(verifyOttToken(TEST_SECRET, `${token!.slice(0, -2)}AA`)).toBeNull();
    expect(verifyOttToken('another-secret-0123456789abcdef0123', token!)).toBeNull();
    expect((await emailRow(t.services, emailId)).text).not.toContain(token!);
  });

  it('lists the outbox newest first with keyset pages, and shows content with the link redacted', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const invs = [];
    for (let i = 0; i < 3; i++) {
      const inv = await insertInvitation(t.services, org.id, uniqueEmail(`listed${i}`));
      invs.push(inv);
      await queueEmail(t.services, invitationEmail(inv));
      t.clock.advance(1000);
    }
    await waitUntil(async () => {
      const res = await client.get(`/api/v1/orgs/${org.id}/outbox?status=sent`);
      return res.body.items?.length === 3 || null;
    });
    const page1 = await client.get(`/api/v1/orgs/${org.id}/outbox?limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((i: { to: string }) => i.to)).toEqual([invs[2]!.email, invs[1]!.email]);
    expect(page1.body.nextCursor).toBeTruthy();
    const item = page1.body.items[0];
    expect(item).toMatchObject({
      kind: 'invitation',
      status: 'sent',
      attempts: 1,
      invitationId: invs[2]!.id,
    });
    expect(item.lastResponse).toMatch(/^250/);
    expect(item.html).toBeUndefined();
    const page2 = await client.get(`/api/v1/orgs/${org.id}/outbox?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((i: { to: string }) => i.to)).toEqual([invs[0]!.email]);
    expect(page2.body.nextCursor).toBeNull();

    const detail = await client.get(`/api/v1/orgs/${org.id}/outbox/${item.id}`);
    expect(detail.status).toBe(200);
    const token = t.services.links.sign(invs[2]!.id, 1);
    expect(detail.body.text).toContain('[invitation link]');
    expect(detail.body.html).toContain('[invitation link]');
    expect(JSON.stringify(detail.body)).not.toContain(token);
    expect(JSON.stringify(detail.body)).not.toContain(LINK_PLACEHOLDER);

    const perInvitation = await client.get(`/api/v1/orgs/${org.id}/invitations/${invs[1]!.id}/emails`);
    expect(perInvitation.status).toBe(200);
    expect(perInvitation.body.items).toHaveLength(1);
    expect(perInvitation.body.items[0].text).toContain('[invitation link]');
    // The kind is a code the console names in its reader's language.
    expect(perInvitation.body.items[0].kind).toBe('invitation');

    expect((await client.get(`/api/v1/orgs/${org.id}/outbox?status=bogus`)).status).toBe(400);
    expect((await client.get(`/api/v1/orgs/${org.id}/outbox?cursor=garbage`)).status).toBe(400);
    expect((await client.get(`/api/v1/orgs/${org.id}/outbox/${randomUUID()}`)).status).toBe(404);
    expect((await client.get(`/api/v1/orgs/${org.id}/invitations/${randomUUID()}/emails`)).status).toBe(404);
    const mailbox = await client.get(`/api/v1/orgs/${org.id}/mailbox`);
    expect(mailbox.status).toBe(404);
    expect(mailbox.body.error.code).toBe('mailbox_disabled');
    expect((await client.get('/api/v1/instance')).body).toMatchObject({ mailboxEnabled: false });
  });

  it('keeps headers single-line and encodes non-ASCII ones (no header injection through a subject or name)', () => {
    const { raw, envelope } = composeMessage(
      {
        from: { name: 'Beckon Téam', address: 'no-reply@beckon.test' },
        replyTo: { name: 'Evil\r\nBcc: victim@example.com', address: 'olivia@example.com' },
        to: 'ana@example.com',
        subject: 'Hello\r\nBcc: victim@example.com',
        html: '<p>hi</p>',
        text: 'line one\n.\nline three',
        messageId: '<1@beckon.test>',
      },
      new Date('2026-01-05T09:00:00Z'),
    );
    const headerBlock = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(headerBlock).not.toMatch(/^Bcc:/im);
    expect(headerBlock).toContain('Subject: Hello Bcc: victim@example.com');
    expect(headerBlock).toContain('From: =?UTF-8?B?');
    expect(headerBlock).toContain('Reply-To: "Evil Bcc: victim@example.com" <olivia@example.com>');
    expect(headerBlock).toContain('Date: Mon, 05 Jan 2026 09:00:00 +0000');
    expect(envelope).toEqual({ from: 'no-reply@beckon.test', to: ['ana@example.com'] });
  });

  it('counts sent emails in /metrics', async () => {
    const res = await t.client().get('/metrics');
    expect(res.body).toMatch(/beckon_emails_sent_total\{kind="invitation"\} [1-9]/);
    expect(res.body).toMatch(/beckon_emails_failed_total\{kind="invitation",permanent="true"\} [1-9]/);
  });
});
