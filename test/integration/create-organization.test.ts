import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { addMember, createOrgWithOwner } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('who may create an organization', () => {
  let t: TestApp;
  let allowing: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
    allowing = await startTestApp({ workers: false, env: { LEARNERS_CREATE_ORGANIZATIONS: 'true' } });
  });
  afterAll(() => allowing.close());

  it('refuses someone who is only a learner, unless the instance allows it', async () => {
    const { org } = await createOrgWithOwner(t);
    const learner = await addMember(t, org.id, 'learner');
    const refused = await learner.client.post('/api/v1/orgs', { name: 'Mine' });
    expect(refused.status).toBe(403);
    expect((await t.client().get('/api/v1/instance')).body.learnersCreateOrganizations).toBe(false);

    const manager = await addMember(t, org.id, 'manager');
    expect((await manager.client.post('/api/v1/orgs', { name: 'Managed' })).status).toBe(201);

    const other = await createOrgWithOwner(allowing);
    const allowed = await addMember(allowing, other.org.id, 'learner');
    expect((await allowed.client.post('/api/v1/orgs', { name: 'Mine' })).status).toBe(201);
    expect((await allowing.client().get('/api/v1/instance')).body.learnersCreateOrganizations).toBe(true);
  });
});
