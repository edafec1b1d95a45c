import { beforeAll, describe, expect, it } from 'vitest';
import { LINK_PLACEHOLDER } from '../../src/mail/outbox.ts';
import { renderEmail } from '../../src/mail/render.ts';
import type { TestApp, TestClient } from '../helpers/app.ts';
import { addMember, createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const HTML =
  '<p>Hello from {{ organization.name }}</p>\n<p>{{ inviter.name }} says: {{ message }}</p>\n<a href="{{ link }}">Join</a>';
const TEXT = 'Hello from {{ organization.name }}\n{{ inviter.name }} invited you.\nJoin: {{ link }}';

describe('email templates', () => {
  let t: TestApp;
  let orgId: string;
  let owner: TestClient;
  let base: string;

  beforeAll(async () => {
    t = await sharedTestApp({ smtp: true });
    const o = await createOrgWithOwner(t, 'Templated Co');
    orgId = o.org.id;
    owner = o.client;
    base = `/api/v1/orgs/${orgId}/templates`;
  });

  const valid = (extra: Record<string, unknown> = {}) => ({
    kind: 'invitation',
    name: `Welcome ${Math.random()}`,
    subject: 'Join {{ organization.name }}',
    html: HTML,
    text: TEXT,
    ...extra,
  });

  it('lists built-in templates and documented variables per kind', async () => {
    const res = await owner.get(`${base}/defaults`);
    expect(res.status).toBe(200);
    const kinds = res.body.items.map((i: any) => i.kind);
    expect(kinds).toEqual([
      'invitation',
      'reminder',
      'join_verification',
      'account_ready',
      'added_to_organization',
      'password_reset',
    ]);
    const inv = res.body.items.find((i: any) => i.kind === 'invitation');
    expect(inv.variables.map((v: any) => v.name)).toEqual(
      expect.arrayContaining([
        'organization.name',
        'inviter.name',
        'recipient.email',
        'invitation.expires_at',
        'invitation.role',
        'message',
        'link',
      ]),
    );
    expect(inv.html).toContain('{{ link }}');
    expect(res.body.limits.bodyBytes).toBe(50_000);
    // Every built-in template passes its own validation.
    for (const item of res.body.items) {
      const p = await owner.post(`${base}/preview`, {
        kind: item.kind,
        subject: item.subject,
        html: item.html,
        text: item.text,
      });
      expect(p.status, `${item.kind}: ${JSON.stringify(p.body)}`).toBe(200);
      expect(p.body.html).toContain('http://beckon.test/invite/example-link-shown-in-previews');
    }
  });

  it('rejects parse errors, unknown variables and unknown filters with the field and line', async () => {
    const unknownVar = await owner.post(
      base,
      valid({ html: '<p>Hi</p>\n<p>{{ link }}</p>\n<p>{{ foo }}</p>' }),
    );
    expect(unknownVar.status).toBe(400);
    expect(unknownVar.body.error).toMatchObject({
      code: 'invalid_template',
      message: 'Unknown variable "foo" on line 3',
      field: 'html',
      line: 3,
    });

    const unknownProp = await owner.post(base, valid({ text: '{{ link }}\n{{ organization.secret }}' }));
    expect(unknownProp.body.error).toMatchObject({ code: 'invalid_template', field: 'text', line: 2 });
    expect(unknownProp.body.error.message).toContain('organization.secret');

    // A variable documented for another kind is unknown here.
    const otherKind = await owner.post(
      base,
      valid({
        kind: 'join_verification',
        html: '<a href="{{ link }}">x</a>',
        text: '{{ link }} {{ inviter.name }}',
      }),
    );
    expect(otherKind.body.error).toMatchObject({ code: 'invalid_template', field: 'text', line: 1 });

    const unknownFilter = await owner.post(base, valid({ subject: 'Hi {{ organization.name | shout }}' }));
    expect(unknownFilter.status).toBe(400);
    expect(unknownFilter.body.error).toMatchObject({
      code: 'invalid_template',
      message: 'Unknown filter "shout" on line 1',
      field: 'subject',
      line: 1,
    });

    const syntax = await owner.post(
      base,
      valid({ html: '<p>{{ link }}</p>\n\n{% if message %}\n<p>unclosed' }),
    );
    expect(syntax.status).toBe(400);
    expect(syntax.body.error).toMatchObject({ code: 'invalid_template', field: 'html' });
    expect(syntax.body.error.line).toBeGreaterThanOrEqual(3);

    const include = await owner.post(base, valid({ html: '{{ link }}\n{% include "secrets" %}' }));
    expect(include.body.error).toMatchObject({ code: 'invalid_template', field: 'html', line: 2 });
    expect(include.body.error.message).toContain('include');

    // Locals defined by the template itself are fine.
    const locals = await owner.post(
      base,
      valid({
        text: '{% assign who = inviter.name | default: "We" %}{{ who }} invited you: {{ link }}\n{% for i in (1..2) %}{{ forloop.index }}{% endfor %}',
      }),
    );
    expect(locals.status, JSON.stringify(locals.body)).toBe(201);
  });

  it('requires the link, and limits size and render time', async () => {
    const noLink = await owner.post(base, valid({ html: '<p>Hello {{ organization.name }}</p>' }));
    expect(noLink.status).toBe(400);
    expect(noLink.body.error).toMatchObject({ code: 'invalid_template', field: 'html' });
    expect(noLink.body.error.message).toContain('{{ link }}');

    const hidden = await owner.post(base, valid({ text: '{% if false %}{{ link }}{% endif %}Hello' }));
    expect(hidden.body.error).toMatchObject({ code: 'invalid_template', field: 'text' });

    const big = await owner.post(base, valid({ html: `{{ link }}${'x'.repeat(60_000)}` }));
    expect(big.status).toBe(400);
    expect(big.body.error).toMatchObject({ code: 'invalid_template', field: 'html' });
    expect(big.body.error.message).toContain('50 KB');

    const started = Date.now();
    const slow = await owner.post(
      base,
      valid({
        text: '{{ link }}{% for i in (1..100000) %}{% for j in (1..100000) %}{% endfor %}{% endfor %}',
      }),
    );
    expect(slow.status).toBe(400);
    expect(slow.body.error).toMatchObject({ code: 'invalid_template', field: 'text' });
    expect(slow.body.error.message).toMatch(/too long|memory/);
    expect(Date.now() - started).toBeLessThan(5000);

    // Work inside one output is bounded too (test/unit/template-limits.test.ts measures the event loop).
    const summed = await owner.post(`${base}/preview`, {
      kind: 'invitation',
      subject: 'Hi',
      html: HTML,
      text: `{% assign a = (1..3000000) %}{{ a | sum }}${TEXT}`,
    });
    expect(summed.status).toBe(400);
    expect(summed.body.error).toMatchObject({ code: 'invalid_template', field: 'text' });
    const packed = await owner.post(base, valid({ html: `${'{% assign x = 1 %}'.repeat(600)}${HTML}` }));
    expect(packed.status).toBe(400);
    expect(packed.body.error).toMatchObject({ code: 'invalid_template', field: 'html' });
    expect(packed.body.error.message).toContain('500 Liquid tags');

    const multiline = await owner.post(`${base}/preview`, {
      kind: 'invitation',
      subject: 'Line one\nBcc: evil@example.com {{ inviter.name }}',
      html: HTML,
      text: TEXT,
    });
    expect(multiline.status).toBe(200);
    expect(multiline.body.subject).not.toMatch(/[\r\n]/);
  });

  it('escapes variables in HTML, not in text; the live preview renders sample data and saves nothing', async () => {
    const before = (await owner.get(base)).body.items.length;
    const preview = await owner.post(`${base}/preview`, {
      kind: 'invitation',
      subject: '{{ inviter.name }} / {{ organization.name }}',
      html: '<p>{{ inviter.name }}</p>{{ message | raw }}<a href="{{ link }}">go</a>{{ message | text_to_html }}',
      text: '{{ inviter.name }} {{ link }}',
    });
    expect(preview.status).toBe(200);
    // The organization's own name and the person previewing, not a generic sample.
    expect(preview.body.subject).toBe('Olivia Owner / Templated Co');
    expect(preview.body.html).toContain('href="http://beckon.test/invite/example-link-shown-in-previews"');
    expect((await owner.get(base)).body.items.length).toBe(before);

    // A hostile inviter name through the real renderer.
    const { id } = (await owner.post(base, valid({ isDefault: true, name: 'Escaping' }))).body;
    const rendered = await renderEmail(t.services.db, orgId, 'invitation', {
      organizationName: 'Templated Co',
      inviterName: '<script>alert(1)</script>',
      message: '<img src=x onerror=alert(1)>\nsecond line',
      recipientEmail: 'x@example.com',
      link: LINK_PLACEHOLDER,
    });
    expect(rendered.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).not.toContain('<img');
    expect(rendered.text).toContain('<script>alert(1)</script> invited you.');
    expect(rendered.html).toContain(`href="${LINK_PLACEHOLDER}"`);
    await owner.delete(`${base}/${id}`);
  });

  it('keeps one default per kind, renames, resets to the built-in content, and deletes', async () => {
    const a = await owner.post(base, valid({ name: 'A', isDefault: true }));
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body).toMatchObject({
      kind: 'invitation',
      name: 'A',
      isDefault: true,
      updatedBy: { name: 'Olivia Owner' },
    });
    const b = await owner.post(base, valid({ name: 'B', isDefault: true }));
    expect(b.body.isDefault).toBe(true);
    expect((await owner.get(`${base}/${a.body.id}`)).body.isDefault).toBe(false);

    const dup = await owner.post(base, valid({ name: 'A' }));
    expect(dup.status).toBe(409);
    expect(dup.body.error.field).toBe('name');

    const renamed = await owner.patch(`${base}/${a.body.id}`, {
      name: 'A2',
      subject: 'Hello {{ recipient.email }}',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'A2', subject: 'Hello {{ recipient.email }}' });
    const badPatch = await owner.patch(`${base}/${a.body.id}`, { text: 'no link here' });
    expect(badPatch.body.error).toMatchObject({ code: 'invalid_template', field: 'text' });

    const defaults = (await owner.get(`${base}/defaults`)).body.items.find(
      (i: any) => i.kind === 'invitation',
    );
    const reset = await owner.post(`${base}/${b.body.id}/reset`);
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({
      subject: defaults.subject,
      html: defaults.html,
      text: defaults.text,
      isDefault: true,
    });

    const del = await owner.delete(`${base}/${b.body.id}`);
    expect(del.status).toBe(204);
    expect((await owner.get(`${base}/${b.body.id}`)).status).toBe(404);
    const list = await owner.get(base);
    expect(list.body.items.some((i: any) => i.isDefault && i.kind === 'invitation')).toBe(false);
    await owner.delete(`${base}/${a.body.id}`);
  });

  it('needs the templates permission to change templates; other organizations see 404', async () => {
    const hr = await addMember(t, orgId, 'hr');
    expect((await hr.client.get(base)).status).toBe(200);
    expect(
      (await hr.client.post(`${base}/preview`, { kind: 'invitation', subject: 'x', html: HTML, text: TEXT }))
        .status,
    ).toBe(200);
    const refused = await hr.client.post(base, valid());
    expect(refused.status).toBe(403);
    const granted = await addMember(t, orgId, 'hr', { permissions: ['templates'] });
    const made = await granted.client.post(base, valid({ name: 'By HR' }));
    expect(made.status).toBe(201);
    expect((await hr.client.patch(`${base}/${made.body.id}`, { name: 'nope' })).status).toBe(403);
    expect((await hr.client.delete(`${base}/${made.body.id}`)).status).toBe(403);
    const curator = await addMember(t, orgId, 'curator', { permissions: ['templates'] });
    expect((await curator.client.post(base, valid({ name: 'By curator' }))).status).toBe(201);
    const learner = await addMember(t, orgId, 'learner');
    expect((await learner.client.get(base)).status).toBe(403);

    const other = await createOrgWithOwner(t, 'Other Org');
    expect((await other.client.get(base)).status).toBe(404);
    expect((await other.client.get(`/api/v1/orgs/${other.org.id}/templates/${made.body.id}`)).status).toBe(
      404,
    );
  });

  it("sends invitations through SMTP with the organization's default template", async () => {
    const made = await owner.post(base, {
      kind: 'invitation',
      name: 'House style',
      isDefault: true,
      subject: '[{{ organization.name }}] {{ inviter.name }} wants you as {{ invitation.role }}',
      html: '<h1>Welcome, {{ recipient.email }}</h1><p>{{ message | text_to_html }}</p><a href="{{ link }}">Start</a><p>Expires {{ invitation.expires_at }}</p>',
      text: 'Welcome, {{ recipient.email }}\nStart: {{ link }}\nExpires {{ invitation.expires_at }}',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const email = uniqueEmail('styled');
    const inv = await owner.post(`/api/v1/orgs/${orgId}/invitations`, {
      emails: [email],
      role: 'learner',
      message: 'See you <soon>',
    });
    expect(inv.status).toBe(201);
    const mail = await t.smtp!.waitFor((m) => m.to.includes(email), 20_000);
    expect(mail.subject).toBe('[Templated Co] Olivia Owner wants you as learner');
    expect(mail.html).toContain(`<h1>Welcome, ${email}</h1>`);
    expect(mail.html).toContain('See you &lt;soon&gt;');
    expect(mail.text).toMatch(/Start: http:\/\/beckon\.test\/invite\/\S+/);
    expect(mail.text).toMatch(/Expires \d+ \w+ \d{4}/);

    // Without a default, the built-in template is used again.
    await owner.patch(`${base}/${made.body.id}`, { isDefault: false });
    const email2 = uniqueEmail('plain');
    await owner.post(`/api/v1/orgs/${orgId}/invitations`, { emails: [email2] });
    const mail2 = await t.smtp!.waitFor((m) => m.to.includes(email2), 20_000);
    expect(mail2.subject).toBe('Olivia Owner invited you to join Templated Co');
    expect(mail2.text).toContain('Accept the invitation: http://beckon.test/invite/');
  });
});
