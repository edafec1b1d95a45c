import { startTestApp } from '../test/helpers/app.ts';
import { createOrgWithOwner, uniqueEmail } from '../test/helpers/factories.ts';
import { emailRow, insertInvitation, invitationEmail, queueEmail, sendJobs } from '../test/fixtures/mail.ts';
const t = await startTestApp({ smtp: true });
console.log('started'); const { fastRetries } = await import('../test/fixtures/mail.ts'); await fastRetries(t.queue.boss); console.log('fast');
const { org } = await createOrgWithOwner(t);
const inv = await insertInvitation(t.services, org.id, uniqueEmail('invitee'));
const emailId = await queueEmail(t.services, invitationEmail(inv));
console.log('queued', emailId);
for (let i = 0; i < 10; i++) {
  await new Promise((r) => setTimeout(r, 1000));
  console.log((await emailRow(t.services, emailId)).status, await sendJobs(t.services.db, emailId), t.smtp!.messages.length);
}
await t.close();
