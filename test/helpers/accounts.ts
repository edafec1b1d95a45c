import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/db/types.ts';
import { organizationRepository } from '../../src/organizations/repository.ts';
import { hashPassword } from '../../src/security/passwords.ts';
import type { TestApp, TestClient } from './app.ts';

/**
 * Accounts with sessions opened directly (no POST /session), so a test file can create many people
 * without tripping the sign-in rate limit (10 per minute per client address).
 */
export const PASSWORD = 'correct-horse-battery';
let cachedHash: Promise<string> | undefined;
const passwordHash = () => (cachedHash ??= hashPassword(PASSWORD));

export const uniqueEmail = (prefix = 'person') => `${prefix}.${randomBytes(4).toString('hex')}@example.com`;

export async function sessionClient(t: TestApp, userId: string): Promise<TestClient> {
  const session = await t.services.db
    .transaction()
    .execute((trx) => t.services.auth.openSession(trx, userId));
  const client = t.client();
  client.cookie = `beckon_session=${session.token}`;
  client.csrfToken = session.csrfToken;
  return client;
}

export async function orgWithOwner(t: TestApp, name = 'Acme Training') {
  const now = t.clock.now();
  const email = uniqueEmail('owner');
  const hash = await passwordHash();
  const { org, user, member } = await t.services.db.transaction().execute(async (trx) => {
    const org = await organizationRepository.insert(trx, name, now);
    const user = await organizationRepository.insertUser(trx, {
      email,
      name: 'Olivia Owner',
      password_hash: hash,
      now,
    });
    const member = await organizationRepository.insertMember(trx, {
      org_id: org.id,
      user_id: user.id,
      role: 'owner',
      now,
    });
    return { org, user, member };
  });
  return { org, user, member, email, client: await sessionClient(t, user.id) };
}

export async function memberOf(
  t: TestApp,
  orgId: string,
  role: Role,
  options: {
    permissions?: string[];
    name?: string;
    email?: string;
    signIn?: boolean;
    /** As someone who arrived through a link (the default) or an account an administrator made. */
    emailVerified?: boolean;
  } = {},
) {
  const now = t.clock.now();
  const email = options.email ?? uniqueEmail(role);
  const user = await organizationRepository.insertUser(t.services.db, {
    email,
    name: options.name ?? `${role} person`,
    password_hash: await passwordHash(),
    email_verified: options.emailVerified ?? true,
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
  const client = options.signIn === false ? t.client() : await sessionClient(t, user.id);
  return { user, member, email, client };
}
