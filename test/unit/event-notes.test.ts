import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../src/invitations/event-notes.ts';

const names = { templates: new Map<string, string>(), imports: new Map<string, string | null>() };

describe('timeline notes', () => {
  it('say a bounce with what is known of it', () => {
    expect(describeEvent('bounced', { type: 'hard' }, names)).toBe('Bounced.');
    expect(
      describeEvent('bounced', { type: 'soft', recipient: 'ann@example.com', reason: 'mailbox full' }, names),
    ).toBe('Soft bounce (the mailbox may work later) for ann@example.com: mailbox full');
    expect(describeEvent('bounced', { type: 'hard', reason: '550 no such user' }, names, 'fr')).toBe(
      'Rejetée : 550 no such user',
    );
  });

  it('name who was told of a renewal request as a list of the language', () => {
    const detail = { notified: ['Ann', 'Bob'] };
    expect(describeEvent('renewal_requested', detail, names)).toBe(
      'The invitee asked for a new invitation; Ann and Bob were emailed.',
    );
    expect(describeEvent('renewal_requested', { notified: ['Ann'] }, names, 'de')).toBe(
      'Die eingeladene Person hat um eine neue Einladung gebeten; Ann wurde per E-Mail benachrichtigt.',
    );
  });

  it('give send times in the reader’s date format, in UTC', () => {
    const detail = { sendAt: '2027-01-15T09:00:00.000Z' };
    expect(describeEvent('created', detail, names)).toBe('To be sent 15 Jan 2027, 09:00 UTC.');
    expect(describeEvent('rescheduled', detail, names, 'ja')).toMatch(
      /^送信予定が 2027\/01\/15 9:00 UTC に変わりました。$/,
    );
    expect(describeEvent('viewed', null, names, 'ar')).toBe(
      'فُتحت في متصفح: عُرضت صفحة الدعوة على الشخص المدعو.',
    );
  });
});
