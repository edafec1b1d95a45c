import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { hashPassword, setPasswordHashCost, verifyPassword } from '../../src/security/passwords.ts';
import { TEST_PASSWORD_HASH_COST } from '../helpers/app.ts';

const SECRET_KEY = 'unit-test-secret-key-0123456789abcdef';
const TEST_COST = Number(TEST_PASSWORD_HASH_COST);

describe('password hashing cost', () => {
  // Test runs lower the cost for their whole process; leave it as the suite set it.
  afterEach(() => setPasswordHashCost(TEST_COST));

  it('is scrypt N=2^15, r=8, p=1 in production unless configured higher', async () => {
    const config = loadConfig({ NODE_ENV: 'production', SECRET_KEY });
    expect(config.passwordHashCost).toBe(15);
    setPasswordHashCost(config.passwordHashCost);
    const hash = await hashPassword('correct-horse-battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(
      loadConfig({ NODE_ENV: 'production', SECRET_KEY, PASSWORD_HASH_COST: '16' }).passwordHashCost,
    ).toBe(16);
  });

  it.each(['production', 'development'])('refuses a cost below 15 when NODE_ENV=%s', (nodeEnv) => {
    const load = () =>
      loadConfig({ NODE_ENV: nodeEnv, SECRET_KEY, DATA_DIR: '/nonexistent', PASSWORD_HASH_COST: '14' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('PASSWORD_HASH_COST below 15 is allowed only when NODE_ENV=test');
  });

  it('lets a test run hash cheaply, and checks every hash at the cost written in it', async () => {
    setPasswordHashCost(
      loadConfig({ NODE_ENV: 'test', SECRET_KEY, PASSWORD_HASH_COST: '4' }).passwordHashCost,
    );
    const cheap = await hashPassword('correct-horse-battery');
    expect(cheap).toMatch(/^scrypt\$16\$8\$1\$/);
    setPasswordHashCost(15);
    expect(await verifyPassword('correct-horse-battery', cheap)).toBe(true);
    expect(await verifyPassword('wrong-horse-battery', cheap)).toBe(false);
  });
});
