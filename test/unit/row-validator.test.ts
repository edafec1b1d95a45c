import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/permissions.ts';
import type { Organization, Role } from '../../src/db/types.ts';
import type { SheetRow } from '../../src/imports/parse.ts';
import { RowValidator } from '../../src/imports/row-validator.ts';

const ORG_ID = '00000000-0000-4000-8000-000000000001';
const SAFETY = '00000000-0000-4000-8000-0000000000a1';
const TOUR = '00000000-0000-4000-8000-0000000000a2';
const groups = [
  { id: SAFETY, name: 'Safety Team' },
  { id: TOUR, name: 'Tour' },
];

function org(requireGroup = false): Organization {
  const at = new Date('2026-01-05T09:00:00Z');
  return {
    id: ORG_ID,
    name: 'Acme',
    invite_expiry_days: 7,
    manual_entry_limit: 10,
    import_row_limit: 1000,
    require_group: requireGroup,
    reminder_days_before_expiry: null,
    send_rate_per_minute: 60,
    credits_enabled: false,
    credits_balance: 0,
    audit_retention_days: 365,
    default_locale: 'en',
    allowed_locales: ['en'],
    accent_color: null,
    reply_to_inviter: true,
    time_zone: 'UTC',
    created_at: at,
    updated_at: at,
  };
}

function actor(role: Role, managedGroupIds: string[] = []): Actor {
  return {
    type: 'user',
    id: 'member-1',
    name: 'Ada',
    userId: 'user-1',
    memberId: 'member-1',
    orgId: ORG_ID,
    role,
    permissions: [],
    managedGroupIds,
  };
}

let rowNumber = 1;
const row = (email: string, cells: Partial<SheetRow> = {}): SheetRow => ({
  row: ++rowNumber,
  email,
  groups: '',
  role: '',
  metadata: '',
  app: '',
  returnPath: '',
  expiresInDays: '',
  language: '',
  ...cells,
});

/** Each row's problem codes by column, in file order ([] for a clean row). */
function validate(
  v: RowValidator,
  rows: SheetRow[],
  db: { members?: [string, string][]; open?: [string, string][] } = {},
) {
  for (const r of rows) v.add(r);
  const result = v.finish(new Map(db.members ?? []), new Map(db.open ?? []));
  return rows.map((_, i) => (result.problems.get(i) ?? []).map((p) => `${p.column}:${p.code}`));
}

describe('import row validator', () => {
  it('accepts a clean row with its defaults, groups named in any case and spacing', () => {
    const v = new RowValidator(actor('admin'), org(), groups);
    expect(
      validate(v, [row(' Ada@Example.org ', { groups: 'safety   team; TOUR;Tour', role: 'Manager' })]),
    ).toEqual([[]]);
    expect(v.rows.emails).toEqual(['Ada@example.org']);
    expect(v.rows.groupIds).toEqual([`${SAFETY},${TOUR}`]);
    expect(v.rows.roles).toEqual(['manager']);
    expect(v.rows.valid).toBe(1);
    const learner = new RowValidator(actor('admin'), org(), groups);
    validate(learner, [row('bo@example.org')]);
    expect(learner.rows.roles).toEqual(['learner']);
  });

  it("reads a row's language as a tag Beckon speaks and the organization allows; writes problems in the importer's", () => {
    const allowing = { ...org(), allowed_locales: ['en', 'ja', 'pt-BR'] };
    const v = new RowValidator(actor('admin'), allowing, groups);
    const cells = ['ja-JP', 'pt', ' JA ', '', 'Klingon', 'de'];
    expect(
      validate(
        v,
        cells.map((language, i) => row(`lang${i}@example.org`, { language })),
      ),
    ).toEqual([[], [], [], [], ['language:unknown_language'], ['language:language_not_allowed']]);
    expect(v.rows.locales).toEqual(['ja', 'pt-BR', 'ja', null, null, null]);
    expect(v.rows.problems.get(5)![0]!.message).toBe(
      'This organization does not use de: use en, ja or pt-BR, or change its languages in Settings.',
    );

    const french = new RowValidator(actor('admin'), allowing, groups, [], 'fr');
    validate(french, [row('lang@example.org', { language: 'xx-unknown-tag' })]);
    expect(french.rows.problems.get(0)![0]!.message).toBe(
      'Langue inconnue « xx-unknown-tag » : utilisez en, ja ou pt-BR.',
    );
  });

  it('names the bad address, role and groups of a row, each in its column', () => {
    const v = new RowValidator(actor('admin'), org(), groups);
    expect(
      validate(v, [
        row('not an address'),
        row('cy@example.org', { role: 'emperor' }),
        row('di@example.org', { role: 'owner' }),
        row('ed@example.org', { groups: 'Safety Team; Nowhere; Elsewhere' }),
        row('x'.repeat(321)),
      ]),
    ).toEqual([
      ['email:invalid_email'],
      ['role:role_not_allowed'],
      ['role:role_not_allowed'],
      ['groups:unknown_group'],
      ['email:invalid_email'],
    ]);
    expect(v.rows.problems.get(3)![0]!.message).toBe(
      'Unknown groups: "Nowhere", "Elsewhere". Separate groups with ";".',
    );
    // An address too long to keep is cut, so results.csv still shows what the file said.
    expect(v.rows.emails[4]).toHaveLength(320);
  });

  it('points a repeated address back to its first row, in any case', () => {
    const v = new RowValidator(actor('admin'), org(), groups);
    const rows = [row('fi@example.org'), row('FI@example.org')];
    expect(validate(v, rows)).toEqual([[], ['email:duplicate']]);
    expect(v.rows.problems.get(1)![0]!.message).toBe(`The same address as row ${rows[0]!.row}.`);
    expect(v.addressesToLookUp()).toEqual(['fi@example.org']);
  });

  it('checks members, open invitations and typos only on first occurrences that are otherwise clean', () => {
    const v = new RowValidator(actor('admin'), org(), groups);
    expect(
      validate(
        v,
        [
          row('member@example.org'),
          row('gone@example.org'),
          row('waiting@example.org'),
          row('lapsed@example.org'),
          row('later@example.org'),
          row('sam@gmial.com'),
          row('tim@gmial.com', { role: 'emperor' }),
        ],
        {
          members: [
            ['member@example.org', 'active'],
            ['gone@example.org', 'deactivated'],
          ],
          open: [
            ['waiting@example.org', 'pending'],
            ['lapsed@example.org', 'expired'],
            ['later@example.org', 'scheduled'],
          ],
        },
      ),
    ).toEqual([
      ['email:already_member'],
      ['email:already_member'],
      ['email:already_invited'],
      ['email:already_invited'],
      ['email:already_invited'],
      ['email:possible_typo'],
      ['role:role_not_allowed'],
    ]);
    const message = (i: number) => v.rows.problems.get(i)![0]!.message;
    expect(message(1)).toBe('Already a member (deactivated): reactivate them under Members instead.');
    expect(message(2)).toBe('Already invited (an invitation is pending: resend it instead).');
    expect(message(3)).toBe('Already invited (its invitation expired: send a new one from the list).');
    expect(message(4)).toBe('Already invited (an invitation is scheduled).');
    expect(message(5)).toContain('Did you mean sam@gmail.com?');
  });

  it('requires a group when the organization does, and keeps managers to their groups as learners', () => {
    const strict = new RowValidator(actor('admin'), org(true), groups);
    expect(validate(strict, [row('gi@example.org'), row('ha@example.org', { groups: 'Tour' })])).toEqual([
      ['groups:group_required'],
      [],
    ]);
    const manager = new RowValidator(actor('manager', [TOUR]), org(), groups);
    expect(
      validate(manager, [
        row('ia@example.org', { groups: 'Tour' }),
        row('jo@example.org'),
        row('ka@example.org', { groups: 'Tour; Safety Team' }),
        row('lu@example.org', { groups: 'Tour', role: 'hr' }),
      ]),
    ).toEqual([[], ['groups:group_not_allowed'], ['groups:group_not_allowed'], ['role:role_not_allowed']]);
  });

  it('needs an app for a return path, and an enabled app it knows', () => {
    const apps = [
      {
        id: 'app-1',
        name: 'Academy',
        redirectUris: ['https://academy.example.com/cb'],
        postLogoutRedirectUris: [],
        launchUrl: 'https://academy.example.com/',
        disabled: false,
      },
      {
        id: 'app-2',
        name: 'Old',
        redirectUris: ['https://old.example.com/cb'],
        postLogoutRedirectUris: [],
        launchUrl: null,
        disabled: true,
      },
    ];
    const v = new RowValidator(actor('admin'), org(), groups, apps);
    expect(
      validate(v, [
        row('ma@example.org', { app: 'academy' }),
        row('ne@example.org', { returnPath: '/courses/1' }),
        row('ob@example.org', { app: 'Nowhere' }),
        row('pa@example.org', { app: 'Old' }),
      ]),
    ).toEqual([[], ['return_path:app_required'], ['app:unknown_app'], ['app:app_disabled']]);
    expect(v.rows.appIds).toEqual(['app-1', null, null, null]);
  });
});
