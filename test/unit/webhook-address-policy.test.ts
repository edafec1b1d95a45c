import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { isForbiddenAddress, isInternalName } from '../../src/webhooks/address-policy.ts';
import { RefusedTarget, resolveTarget } from '../../src/webhooks/target.ts';

describe('addresses a webhook may reach', () => {
  it.each([
    '0.0.0.0',
    '10.0.0.1',
    '100.64.0.1',
    '100.127.255.255',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.0.1',
    '192.0.0.8',
    '192.0.2.10',
    '192.168.0.1',
    '198.18.0.1',
    '198.19.255.255',
    '198.51.100.1',
    '203.0.113.1',
    '224.0.0.251',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::127.0.0.1',
    '::ffff:127.0.0.1',
    '::ffff:a00:1',
    '64:ff9b::10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b:1::1',
    '100::1',
    '2001::1',
    '2001:db8::1',
    '2002:7f00:1::1',
    '3fff::1',
    'fc00::1',
    'fd00:ec2::254',
    'fe80::1',
    'fe80::1%eth0',
    'fec0::1',
    'ff02::1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.215.14',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:82b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
  ])('allows %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });

  it('treats local names as internal and others as names to resolve', () => {
    for (const name of [
      'localhost',
      'LOCALHOST.',
      'a.localhost',
      'metadata.google.internal',
      'nas.local',
      'x.home.arpa',
      'intranet',
    ])
      expect(isInternalName(name), name).toBe(true);
    for (const name of ['hooks.example.com', 'internal.example.com', 'localhost.example.com'])
      expect(isInternalName(name), name).toBe(false);
  });

  it('refuses a name if any address it resolves to is internal, unless the operator allows the host', async () => {
    const lookup = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ];
    const url = new URL('https://hooks.example.com/x');
    await expect(resolveTarget(url, [], lookup)).rejects.toBeInstanceOf(RefusedTarget);
    await expect(resolveTarget(url, [{ host: 'hooks.example.com', port: 443 }], lookup)).resolves.toEqual({
      address: '93.184.215.14',
      family: 4,
    });
    await expect(
      resolveTarget(url, [{ host: 'hooks.example.com', port: 8443 }], lookup),
    ).rejects.toBeInstanceOf(RefusedTarget);
  });
});

describe('WEBHOOK_ALLOWED_HOSTS', () => {
  const load = (value: string) =>
    loadConfig({ NODE_ENV: 'test', SECRET_KEY: 'k'.repeat(40), WEBHOOK_ALLOWED_HOSTS: value });

  it('reads names, addresses and ports, normalized like URL hosts', () => {
    expect(load(' hooks.corp.example ,127.1:8080, [::1]:9000,LOCALHOST').webhookAllowedHosts).toEqual([
      { host: 'hooks.corp.example', port: null },
      { host: '127.0.0.1', port: 8080 },
      { host: '[::1]', port: 9000 },
      { host: 'localhost', port: null },
    ]);
  });

  it('reports every entry that is not a host or host:port', () => {
    const error = (() => {
      try {
        load('ok.example, http://x.example, a b, h:99999, user@h, h/path');
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems).toHaveLength(5);
    expect(error.problems[0]).toContain('"http://x.example"');
  });
});
