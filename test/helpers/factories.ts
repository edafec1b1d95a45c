import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/db/types.ts';
import { organizationRepository } from '../../src/organizations/repository.ts';
import { hashPassword } from '../../src/security/passwords.ts';
import type { TestApp, TestClient } from './app.ts';

export const PASSWORD = 'correct-horse-battery';
let cachedHash: Promise<string> | undefined;

export const uniqueEmail = (prefix = 'person') => `${prefix}.${randomBytes(4).toString('hex')}@example.com`;

/** An organization with a signed-in owner of its own; each test builds its own rows. */
export async function createOrgWithOwner(t: TestApp, name = 'Acme Training') {
  const now = t.clock.now();
  const email = uniqueEmail('owner');
  cachedHash ??= hashPassword(PASSWORD);
  const passwordHash = await cachedHash;
  const { org, user } = await t.services.db.transaction().execute(async (trx) => {
    const org = await organizationRepository.insert(trx, name, now);
    const user = await organizationRepository.insertUser(trx, {
      email,
      name: 'Olivia Owner',
      password_hash: passwordHash,
      now,
    });
    await organizationRepository.insertMember(trx, { org_id: org.id, user_id: user.id, role: 'owner', now });
    return { org, user };
  });
  const client = t.client();
  const res = await client.post('/api/v1/session', { email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
  return { org, user, email, client };
}

/** Adds an existing or new user to an organization with a role, and signs them in. */
export async function addMember(
  t: TestApp,
  orgId: string,
  role: Role,
  options: { permissions?: string[] } = {},
) {
  const now = t.clock.now();
  const email = uniqueEmail(role);
  cachedHash ??= hashPassword(PASSWORD);
  const user = await organizationRepository.insertUser(t.services.db, {
    email,
    name: `${role} person`,
    password_hash: await cachedHash,
    now,
  });
  const member = await organizationRepository.insertMember(t.services.db, {
    org_id: orgId,
    user_id: user.id,
    role,
    now,
  });
  if (options.permissions) {
    await t.services.db
      .updateTable('members')
      .set({ permissions: options.permissions })
      .where('id', '=', member.id)
      .execute();
  }
  const client = t.client();
  const res = await client.post('/api/v1/session', { email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
  return { user, member, email, client };
}

export async function signIn(t: TestApp, email: string, password = PASSWORD): Promise<TestClient> {
  const client = t.client();
  const res = await client.post('/api/v1/session', { email, password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
  return client;
}
