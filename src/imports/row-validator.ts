import type { Actor } from '../auth/permissions.ts';
import { canGrantRole } from '../auth/permissions.ts';
import type { Organization, Role } from '../db/types.ts';
import { suggestEmail } from '../invitations/typos.ts';
import { checkEmail } from '../shared/validation.ts';
import { type Column, MAX_CELL_CHARS, type SheetRow } from './parse.ts';

const ROLES: Role[] = ['learner', 'manager', 'curator', 'hr', 'admin', 'owner'];

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

  constructor(actor: Actor, org: Organization, groups: { id: string; name: string }[]) {
    this.#actor = actor;
    this.#org = org;
    this.#groupByName = new Map(groups.map((g) => [g.name.toLowerCase(), g.id]));
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
        message: c && !c.ok ? c.message : 'The address is longer than 254 characters.',
      });
    } else {
      email = c.email;
      key = email.toLowerCase();
    }
    const role = this.#role(r.role, problems);
    const groupIds = this.#groups(r.groups, problems);
    if (key) {
      const first = this.#firstIndexOf.get(key);
      if (first !== undefined) {
        problems.push({
          column: 'email',
          code: 'duplicate',
          message: `The same address as row ${rows.rowNumbers[first]}.`,
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
          message:
            memberStatus === 'active'
              ? 'Already a member of this organization.'
              : 'Already a member (deactivated): reactivate them under Members instead.',
        });
      } else if (openStatus) {
        const hint =
          openStatus === 'expired'
            ? 'its invitation expired: send a new one from the list'
            : openStatus === 'scheduled'
              ? 'an invitation is scheduled'
              : 'an invitation is pending: resend it instead';
        rows.addProblem(i, {
          column: 'email',
          code: 'already_invited',
          message: `Already invited (${hint}).`,
        });
      }
      if (!rows.problems.has(i)) {
        const suggestion = this.#typoOf(email);
        if (suggestion) {
          rows.addProblem(i, {
            column: 'email',
            code: 'possible_typo',
            message: `Did you mean ${suggestion}? Correct the file, or confirm with "import addresses as typed".`,
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
        message: `Unknown role "${cell.trim().slice(0, 50)}": use learner, manager, curator, hr or admin.`,
      });
      return 'learner';
    }
    if (!canGrantRole(this.#actor, role)) {
      problems.push({
        column: 'role',
        code: 'role_not_allowed',
        message: `You cannot invite people as ${role}.`,
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
        message: `The groups cell is longer than ${MAX_CELL_CHARS} characters.`,
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
        message: `${unknown.length === 1 ? 'Unknown group' : 'Unknown groups'}: ${unknown.map((u) => `"${u}"`).join(', ')}. Separate groups with ";".`,
      });
    } else if (this.#org.require_group && groupIds.length === 0) {
      problems.push({
        column: 'groups',
        code: 'group_required',
        message: 'This organization requires at least one group per invitation.',
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
        message: 'Managers can invite only into groups they manage.',
      });
    }
    return groupIds;
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
