import { describe, expect, it } from 'vitest';
import type { InvitationStatus } from '../../src/db/types.ts';
import {
  allowedActions,
  effectiveStatus,
  emailStillWanted,
  mayTransition,
  requireTransition,
  type Transition,
} from '../../src/invitations/lifecycle.ts';
import { expiryFrom } from '../../src/invitations/transitions/context.ts';

const STATUSES: InvitationStatus[] = ['scheduled', 'pending', 'expired', 'accepted', 'cancelled', 'declined'];
const now = new Date('2026-12-02T12:00:00Z');

describe('the invitation lifecycle table', () => {
  // The whole table, written out: a change to a rule shows up here as a diff of one line.
  const table: Record<Transition, InvitationStatus[]> = {
    first_send: ['scheduled', 'pending'],
    resend: ['pending'],
    renew: ['expired'],
    reschedule: ['scheduled'],
    cancel: ['scheduled', 'pending', 'expired'],
    expire: ['pending'],
    remind: ['pending'],
    accept: ['pending'],
    decline: ['pending'],
    set_password: ['pending'],
    copy_link: ['pending'],
    correct_address: ['scheduled', 'pending', 'expired'],
    request_renewal: ['expired'],
  };

  for (const [transition, from] of Object.entries(table) as [Transition, InvitationStatus[]][]) {
    it(`${transition} starts only from ${from.join(', ')}`, () => {
      for (const status of STATUSES) {
        expect(mayTransition(status, transition), `${transition} from ${status}`).toBe(from.includes(status));
        if (!from.includes(status)) expect(() => requireTransition(status, transition)).toThrow(/Cannot/);
      }
    });
  }

  it('offers administrators the actions the table allows, in menu order', () => {
    expect(allowedActions('scheduled')).toEqual(['reschedule', 'correct_address', 'cancel']);
    expect(allowedActions('pending')).toEqual([
      'resend',
      'copy_link',
      'set_password',
      'correct_address',
      'cancel',
    ]);
    expect(allowedActions('expired')).toEqual(['renew', 'correct_address', 'cancel']);
    for (const s of ['accepted', 'cancelled', 'declined'] as const) expect(allowedActions(s)).toEqual([]);
  });

  it('names the status and the change in a refusal', () => {
    expect(() => requireTransition('accepted', 'set_password')).toThrow(
      'Cannot set a password for an invitation that is accepted.',
    );
  });

  it('treats a pending invitation past its expiry as expired, to the second', () => {
    expect(effectiveStatus({ status: 'pending', expires_at: new Date(now.getTime() + 1000) }, now)).toBe(
      'pending',
    );
    expect(effectiveStatus({ status: 'pending', expires_at: now }, now)).toBe('expired');
    expect(effectiveStatus({ status: 'scheduled', expires_at: null }, now)).toBe('scheduled');
  });

  it('wants an email only for an open invitation at the same link version', () => {
    const pending = {
      status: 'pending' as const,
      expires_at: new Date(now.getTime() + 60_000),
      link_version: 2,
    };
    expect(emailStillWanted(pending, 2, now)).toBe(true);
    expect(emailStillWanted(pending, 1, now)).toBe(false);
    expect(emailStillWanted({ ...pending, expires_at: now }, 2, now)).toBe(false);
    expect(emailStillWanted({ ...pending, status: 'cancelled' }, 2, now)).toBe(false);
    expect(emailStillWanted({ ...pending, status: 'scheduled', expires_at: null }, 2, now)).toBe(true);
  });

  it('counts expiry in whole days from the send', () => {
    expect(expiryFrom({ invite_expiry_days: 7 }, now).toISOString()).toBe('2026-12-09T12:00:00.000Z');
  });
});
