import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberOf, orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe("template preview: a sample that reads like the organization's own email", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });
  afterAll(() => t.close());

  it('names the organization, the person previewing as inviter, and links like a real invitation', async () => {
    const { org, client } = await orgWithOwner(t, 'Northwind Academy');
    const base = `/api/v1/orgs/${org.id}`;
    const curator = await memberOf(t, org.id, 'curator', {
      name: 'Cora Curator',
      permissions: ['templates'],
    });
    const body = {
      kind: 'invitation',
      subject: '{{ inviter.name }} invites you to {{ organization.name }}',
      html: '<p>{{ inviter.name }} ({{ organization.name }}) as {{ invitation.role }}</p><a href="{{ link }}">Accept</a>',
      text: 'Accept: {{ link }}',
    };
    const byOwner = await client.post(`${base}/templates/preview`, body);
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.subject).toBe('Olivia Owner invites you to Northwind Academy');
    expect(byOwner.body.html).toContain('<p>Olivia Owner (Northwind Academy) as learner</p>');
    // A link of the real shape, so it is clickable in the preview; it opens no invitation.
    expect(byOwner.body.html).toContain(
      '<a href="http://beckon.test/invite/example-link-shown-in-previews">Accept</a>',
    );
    expect(byOwner.body.text).toBe('Accept: http://beckon.test/invite/example-link-shown-in-previews');
    const byCurator = await curator.client.post(`${base}/templates/preview`, body);
    expect(byCurator.body.subject).toBe('Cora Curator invites you to Northwind Academy');
    // Nothing of another organization leaks into the sample.
    const other = await orgWithOwner(t, 'Other Org');
    expect((await other.client.post(`${base}/templates/preview`, body)).status).toBe(404);
  });
});
