import type { Actor } from '../auth/permissions.ts';
import { canGrantRole, grantableRoles } from '../auth/permissions.ts';
import type { Organization, Role } from '../db/types.ts';
import { type MessageId, type MessageValues, orList, translate } from '../i18n/intl.ts';
import { LOCALES, type Locale, supportedLocale } from '../i18n/locales.ts';
import { cleanReturnPath, type LandingApp } from '../invitations/landing.ts';
import { METADATA_MAX_BYTES, type MetadataProblem, metadataFromCell } from '../invitations/metadata.ts';
import { expiryDaysProblem } from '../invitations/transitions/context.ts';
import { suggestEmail } from '../invitations/typos.ts';
import { checkEmail, type EmailProblem } from '../shared/validation.ts';
import { type Column, MAX_CELL_CHARS, type SheetRow } from './parse.ts';

const ROLES: Role[] = ['learner', 'manager', 'curator', 'hr', 'admin', 'owner'];

const EMAIL_PROBLEMS: Record<EmailProblem, MessageId> = {
  too_long: 'import.problem.email.tooLong',
  empty: 'import.problem.email.empty',
  spaces: 'import.problem.email.spaces',
  shape: 'import.problem.email.shape',
  local_too_long: 'import.problem.email.localTooLong',
  local_characters: 'import.problem.email.localCharacters',
  domain: 'import.problem.email.domain',
};

const METADATA_PROBLEMS: Record<MetadataProblem, MessageId> = {
  not_json: 'import.problem.metadataNotJson',
  not_object: 'import.problem.metadataNotObject',
  too_large: 'import.problem.metadataTooLarge',
};

export interface RowProblem {
  column: Column;
  code: string;
  message: string;
}

/**
 * A preview's rows, column by column. 100,000 rows as objects (with an array of group ids and an
 * array of problems each) held ~90 MB of heap while the preview ran, and V8 sized the heap from
 * that for the rest of the import; as columns they are a few MB.
 */
export class ValidatedRows {
  readonly rowNumbers: number[] = [];
  /** As the file wrote it (cut at 320) when invalid, so results.csv shows what the file said. */
  readonly emails: string[] = [];
  /** Group ids joined with ',' ('' for none): the form the insert sends. */
  readonly groupIds: string[] = [];
  readonly roles: Role[] = [];
  /** Each row's metadata as compact JSON text (null for none: most files have no such column). */
  readonly metadata: (string | null)[] = [];
  /** Each row's app and return path (null for none). */
  readonly appIds: (string | null)[] = [];
  readonly returnPaths: (string | null)[] = [];
  /** Each row's expiry period in days (null: the organization's). */
  readonly expiryDays: (number | null)[] = [];
  /** Each row's language (null: the organization's default when the invitation is made). */
  readonly locales: (Locale | null)[] = [];
  /** Problems by row index; most rows have none. */
  readonly problems = new Map<number, RowProblem[]>();

  get count(): number {
    return this.rowNumbers.length;
  }

  get valid(): number {
    return this.count - this.problems.size;
  }

  addProblem(index: number, problem: RowProblem): void {
    const list = this.problems.get(index);
    if (list) list.push(problem);
    else this.problems.set(index, [problem]);
  }

  /** Indexes of the rows with problems, in file order. */
  problemIndexes(): number[] {
    return [...this.problems.keys()].sort((a, b) => a - b);
  }
}

/**
 * Validates rows as the parser reads them (address, role, groups, duplicates in the file), then,
 * in `finish`, against the organization's members and open invitations (two queries for the whole
 * file) and the likely-typo list.
 */
export class RowValidator {
  readonly rows = new ValidatedRows();
  /** Lower-cased address → index of its first row: duplicates point back to it. */
  readonly #firstIndexOf = new Map<string, number>();
  /** Rows whose address is valid and seen first: these are checked against the database. */
  readonly #lookUp: number[] = [];
  readonly #groupByName: Map<string, string>;
  /** Typo suggestions depend on the domain only: one edit-distance search per distinct domain. */
  readonly #typoByDomain = new Map<string, string | null>();
  readonly #actor: Actor;
  readonly #org: Organization;
  /** The organization's apps by id and by lower-cased name. */
  readonly #appByKey = new Map<string, LandingApp>();
  /** The importer's language: problems are written in it. */
  readonly #locale: Locale;
  /** Messages without variables, formatted once each. */
  readonly #fixed = new Map<MessageId, string>();

  constructor(
    actor: Actor,
    org: Organization,
    groups: { id: string; name: string }[],
    apps: LandingApp[] = [],
    locale: Locale = 'en',
  ) {
    this.#actor = actor;
    this.#org = org;
    this.#locale = locale;
    this.#groupByName = new Map(groups.map((g) => [g.name.toLowerCase(), g.id]));
    for (const app of apps) {
      this.#appByKey.set(app.id, app);
      if (!this.#appByKey.has(app.name.toLowerCase())) this.#appByKey.set(app.name.toLowerCase(), app);
    }
  }

  add(r: SheetRow): void {
    const rows = this.rows;
    const index = rows.count;
    const problems: RowProblem[] = [];
    const raw = r.email.trim();
    let email = r.email.slice(0, 320);
    let key: string | null = null;
    const c = raw.length > 320 ? null : checkEmail(raw);
    if (!c?.ok) {
      problems.push({
        column: 'email',
        code: 'invalid_email',
        message:
          c && !c.ok
            ? this.#t(EMAIL_PROBLEMS[c.reason], { domain: c.domain ?? '' })
            : this.#t('import.problem.email.tooLong'),
      });
    } else {
      email = c.email;
      key = email.toLowerCase();
    }
    const role = this.#role(r.role, problems);
    const groupIds = this.#groups(r.groups, problems);
    const metadata = metadataFromCell(r.metadata);
    if ('problem' in metadata)
      problems.push({
        column: 'metadata',
        code: 'invalid_metadata',
        message: this.#t(METADATA_PROBLEMS[metadata.reason], {
          example: '{"employeeId": "E42"}',
          max: String(METADATA_MAX_BYTES),
        }),
      });
    const landing = this.#landing(r.app, r.returnPath, problems);
    const expiryDays = this.#expiryDays(r.expiresInDays, problems);
    const locale = this.#language(r.language, problems);
    if (key) {
      const first = this.#firstIndexOf.get(key);
      if (first !== undefined) {
        problems.push({
          column: 'email',
          code: 'duplicate',
          message: this.#t('import.problem.duplicate', { row: String(rows.rowNumbers[first]) }),
        });
      } else {
        this.#firstIndexOf.set(key, index);
        this.#lookUp.push(index);
      }
    }
    rows.rowNumbers.push(r.row);
    rows.emails.push(email);
    rows.groupIds.push(groupIds.join(','));
    rows.roles.push(role);
    rows.metadata.push('text' in metadata ? metadata.text : null);
    rows.appIds.push(landing.appId);
    rows.returnPaths.push(landing.returnPath);
    rows.expiryDays.push(expiryDays);
    rows.locales.push(locale);
    if (problems.length) rows.problems.set(index, problems);
  }

  /** The addresses to check against members and open invitations (first occurrences only). */
  addressesToLookUp(): string[] {
    return this.#lookUp.map((i) => this.rows.emails[i]!);
  }

  /** `members` and `open`: lower-cased address → status, from the database. */
  finish(members: Map<string, string>, open: Map<string, string>): ValidatedRows {
    const rows = this.rows;
    for (const i of this.#lookUp) {
      const email = rows.emails[i]!;
      const key = email.toLowerCase();
      const memberStatus = members.get(key);
      const openStatus = open.get(key);
      if (memberStatus) {
        rows.addProblem(i, {
          column: 'email',
          code: 'already_member',
          message: this.#t(
            memberStatus === 'active'
              ? 'import.problem.alreadyMember'
              : 'import.problem.alreadyMemberDeactivated',
          ),
        });
      } else if (openStatus) {
        rows.addProblem(i, {
          column: 'email',
          code: 'already_invited',
          message: this.#t(
            openStatus === 'expired'
              ? 'import.problem.alreadyInvitedExpired'
              : openStatus === 'scheduled'
                ? 'import.problem.alreadyInvitedScheduled'
                : 'import.problem.alreadyInvitedPending',
          ),
        });
      }
      if (!rows.problems.has(i)) {
        const suggestion = this.#typoOf(email);
        if (suggestion) {
          rows.addProblem(i, {
            column: 'email',
            code: 'possible_typo',
            message: this.#t('import.problem.possibleTypo', { suggestion }),
          });
        }
      }
    }
    this.#firstIndexOf.clear();
    return rows;
  }

  #role(cell: string, problems: RowProblem[]): Role {
    const raw = cell.trim().toLowerCase();
    const role = (raw || 'learner') as Role;
    if (!ROLES.includes(role)) {
      problems.push({
        column: 'role',
        code: 'role_not_allowed',
        message: this.#t('import.problem.unknownRole', {
          role: cell.trim().slice(0, 50),
          roles: orList(this.#locale, grantableRoles(this.#actor)),
        }),
      });
      return 'learner';
    }
    if (!canGrantRole(this.#actor, role)) {
      problems.push({
        column: 'role',
        code: 'role_not_allowed',
        // Worded as the invite dialog refuses it.
        message: this.#t('import.problem.roleNotGrantable', {
          role,
          roles: orList(this.#locale, grantableRoles(this.#actor)),
        }),
      });
    }
    // One string per role for every row, not one per row.
    return ROLES.find((r) => r === role)!;
  }

  #groups(cell: string, problems: RowProblem[]): string[] {
    const groupIds: string[] = [];
    if (cell.length > MAX_CELL_CHARS) {
      problems.push({
        column: 'groups',
        code: 'value_too_long',
        message: this.#t('import.problem.groupsTooLong', { max: String(MAX_CELL_CHARS) }),
      });
      return groupIds;
    }
    const unknown: string[] = [];
    for (const name of cell.split(';')) {
      const n = name.trim().replace(/\s+/g, ' ');
      if (!n) continue;
      const id = this.#groupByName.get(n.toLowerCase());
      if (!id) unknown.push(n.slice(0, 100));
      else if (!groupIds.includes(id)) groupIds.push(id);
    }
    if (unknown.length) {
      problems.push({
        column: 'groups',
        code: 'unknown_group',
        message: this.#t('import.problem.unknownGroups', {
          count: unknown.length,
          names: unknown.map((u) => `"${u}"`).join(', '),
        }),
      });
    } else if (this.#org.require_group && groupIds.length === 0) {
      problems.push({
        column: 'groups',
        code: 'group_required',
        message: this.#t('import.problem.groupRequired'),
      });
    }
    const actor = this.#actor;
    if (
      actor.role === 'manager' &&
      !unknown.length &&
      (groupIds.length === 0 || groupIds.some((g) => !actor.managedGroupIds.includes(g)))
    ) {
      problems.push({
        column: 'groups',
        code: 'group_not_allowed',
        message: this.#t('import.problem.groupNotManaged'),
      });
    }
    return groupIds;
  }

  /** Days the row's link works: a whole number within the organization's period, or blank. */
  #expiryDays(cell: string, problems: RowProblem[]): number | null {
    const text = cell.trim();
    if (!text) return null;
    const days = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
    if (expiryDaysProblem(this.#org, days)) {
      problems.push({
        column: 'expires_in_days',
        code: 'invalid_expiry',
        message: this.#t('import.problem.invalidExpiry', { max: String(this.#org.invite_expiry_days) }),
      });
      return null;
    }
    return days;
  }

  /**
   * The row's language: a tag Beckon speaks ("ja", "ja-JP", "pt" for pt-BR) that the organization
   * allows, or blank for its default.
   */
  #language(cell: string, problems: RowProblem[]): Locale | null {
    const text = cell.trim();
    if (!text) return null;
    const locale = supportedLocale(text);
    const allowed = this.#org.allowed_locales as Locale[];
    if (!locale) {
      problems.push({
        column: 'language',
        code: 'unknown_language',
        message: this.#t('import.problem.unknownLanguage', {
          language: text.slice(0, 35),
          languages: orList(
            this.#locale,
            LOCALES.filter((l) => allowed.includes(l)),
          ),
        }),
      });
      return null;
    }
    if (!allowed.includes(locale)) {
      problems.push({
        column: 'language',
        code: 'language_not_allowed',
        message: this.#t('import.problem.languageNotAllowed', {
          language: locale,
          languages: orList(
            this.#locale,
            LOCALES.filter((l) => allowed.includes(l)),
          ),
        }),
      });
      return null;
    }
    return locale;
  }

  #t(id: MessageId, values?: MessageValues): string {
    if (values) return translate(this.#locale, id, values);
    // A file of 100,000 "already invited" rows formats that message once.
    let text = this.#fixed.get(id);
    if (text === undefined) {
      text = translate(this.#locale, id);
      this.#fixed.set(id, text);
    }
    return text;
  }

  /** The row's app (by name or id) and return path, checked as the API checks them. */
  #landing(
    appCell: string,
    pathCell: string,
    problems: RowProblem[],
  ): { appId: string | null; returnPath: string | null } {
    const none = { appId: null, returnPath: null };
    const appName = appCell.trim();
    const path = pathCell.trim();
    if (!appName) {
      if (path)
        problems.push({
          column: 'return_path',
          code: 'app_required',
          message: this.#t('import.problem.returnPathWithoutApp'),
        });
      return none;
    }
    const app = this.#appByKey.get(appName.toLowerCase()) ?? this.#appByKey.get(appName);
    if (!app) {
      problems.push({
        column: 'app',
        code: 'unknown_app',
        message: this.#t('import.problem.unknownApp', { app: appName.slice(0, 100) }),
      });
      return none;
    }
    if (app.disabled) {
      problems.push({
        column: 'app',
        code: 'app_disabled',
        message: this.#t('import.problem.appDisabled', { app: app.name }),
      });
      return none;
    }
    if (!path) return { appId: app.id, returnPath: null };
    try {
      return { appId: app.id, returnPath: cleanReturnPath(app, path, 'return_path') };
    } catch {
      problems.push({
        column: 'return_path',
        code: 'invalid_return_path',
        message: this.#t('import.problem.invalidReturnPath', { app: app.name }),
      });
      return none;
    }
  }

  #typoOf(email: string): string | null {
    const at = email.lastIndexOf('@');
    const domain = email.slice(at + 1);
    let d = this.#typoByDomain.get(domain);
    if (d === undefined) {
      const s = suggestEmail(`x@${domain}`);
      d = s ? s.slice(2) : null;
      this.#typoByDomain.set(domain, d);
    }
    return d ? `${email.slice(0, at)}@${d}` : null;
  }
}
