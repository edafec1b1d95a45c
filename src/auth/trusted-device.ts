import { createHmac } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { hmacKey } from '../security/hmac-keys.ts';
import { safeEqual } from '../security/tokens.ts';

/**
 * A browser that signed in to an account (or reset its password) gets a cookie proving it: with the
 * right password it still signs in while the address is paused by someone else's guessing. Only
 * the sign-in route sees it. Nothing is stored: `<user id>.<issued, unix seconds>.<MAC>`.
 */
export const DEVICE_COOKIE = 'beckon_device';
const DEVICE_DAYS = 90;
const MAC_BYTES = 24;
const SIGN_IN_PATH = '/api/v1/session';

const mac = (secretKey: string, body: string) =>
  createHmac('sha256', hmacKey(secretKey, 'beckon:trusted-device'))
    .update(body)
    .digest()
    .subarray(0, MAC_BYTES)
    .toString('base64url');

export function trustedDeviceToken(secretKey: string, userId: string, now: Date): string {
  const body = `${userId}.${Math.floor(now.getTime() / 1000)}`;
  return `${body}.${mac(secretKey, body)}`;
}

export function isTrustedDevice(
  secretKey: string,
  token: string | undefined,
  userId: string,
  now: Date,
): boolean {
  if (!token || token.length > 200) return false;
  const [id, issued, sent] = token.split('.');
  if (id !== userId || !issued || !sent || !/^\d{1,12}$/.test(issued)) return false;
  const ageMs = now.getTime() - Number(issued) * 1000;
  if (ageMs < -60_000 || ageMs > DEVICE_DAYS * 86_400_000) return false;
  return safeEqual(sent, mac(secretKey, `${id}.${issued}`));
}

export function setTrustedDeviceCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(DEVICE_COOKIE, token, {
    path: SIGN_IN_PATH,
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: DEVICE_DAYS * 86_400,
  });
}
