import type { Actor } from '../auth/permissions.ts';
import type { Executor } from '../db/types.ts';
import { isUuid } from '../http/authenticate.ts';
import { conflict, notFound } from '../http/errors.ts';
import type { EmailKind } from '../mail/render.ts';
import type { Deps } from '../shared/deps.ts';
import { cleanName } from '../shared/validation.ts';
import { BUILT_IN, KIND_LABELS, TEMPLATE_KINDS, type TemplateContent, VARIABLES } from './builtins.ts';
import { renderTemplate, sampleVars, TEMPLATE_LIMITS, validateTemplate } from './engine.ts';
import { templateRepository as repo } from './repository.ts';

export interface TemplateInput {
  kind: EmailKind;
  name: string;
  subject: string;
  html: string;
  text: string;
  isDefault?: boolean;
}

export type TemplatePatch = Partial<Omit<TemplateInput, 'kind'>>;

type Row = Awaited<ReturnType<typeof repo.list>>[number];

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505';
}

export function createTemplateService(deps: Deps) {
  const { db, clock } = deps;

  async function present(rows: Row[]) {
    const names = new Map(
      (
        await repo.userNames(db, [...new Set(rows.map((r) => r.updated_by).filter((x): x is string => !!x))])
      ).map((u) => [u.id, u.name]),
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as EmailKind,
      name: r.name,
      subject: r.subject,
      html: r.html,
      text: r.text,
      isDefault: r.is_default,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      updatedBy: r.updated_by ? { id: r.updated_by, name: names.get(r.updated_by) ?? '' } : null,
    }));
  }
  const presentOne = async (row: Row) => (await present([row]))[0]!;

  async function load(orgId: string, id: string): Promise<Row> {
    if (!isUuid(id)) throw notFound('Template');
    const row = await repo.findById(db, orgId, id);
    if (!row) throw notFound('Template');
    return row;
  }

  /** Saves inside a transaction; the one default per kind moves here when asked. */
  async function save(
    actor: Actor,
    kind: EmailKind,
    write: (trx: Executor) => Promise<Row | undefined>,
    makeDefault: boolean | undefined,
    name: string,
  ) {
    try {
      return await db.transaction().execute(async (trx) => {
        if (makeDefault) await repo.clearDefault(trx, actor.orgId, kind, clock.now());
        return write(trx);
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw conflict(
          'name_taken',
          `A ${KIND_LABELS[kind].toLowerCase()} template named "${name}" already exists.`,
          { field: 'name' },
        );
      throw err;
    }
  }

  return {
    async list(actor: Actor) {
      return { items: await present(await repo.list(db, actor.orgId)) };
    },

    async get(actor: Actor, id: string) {
      return presentOne(await load(actor.orgId, id));
    },

    async create(actor: Actor, input: TemplateInput) {
      const name = cleanName(input.name, 'name');
      const content = { subject: input.subject, html: input.html, text: input.text };
      await validateTemplate(input.kind, content);
      const now = clock.now();
      const row = await save(
        actor,
        input.kind,
        (trx) =>
          repo.insert(trx, {
            org_id: actor.orgId,
            kind: input.kind,
            name,
            ...content,
            is_default: input.isDefault ?? false,
            created_at: now,
            updated_at: now,
            updated_by: actor.userId,
          }),
        input.isDefault,
        name,
      );
      return presentOne(row!);
    },

    async update(actor: Actor, id: string, patch: TemplatePatch) {
      const row = await load(actor.orgId, id);
      const kind = row.kind as EmailKind;
      const name = patch.name !== undefined ? cleanName(patch.name, 'name') : row.name;
      const content = {
        subject: patch.subject ?? row.subject,
        html: patch.html ?? row.html,
        text: patch.text ?? row.text,
      };
      await validateTemplate(kind, content);
      const updated = await save(
        actor,
        kind,
        (trx) =>
          repo.update(trx, actor.orgId, id, {
            name,
            ...content,
            ...(patch.isDefault !== undefined ? { is_default: patch.isDefault } : {}),
            updated_at: clock.now(),
            updated_by: actor.userId,
          }),
        patch.isDefault === true,
        name,
      );
      if (!updated) throw notFound('Template');
      return presentOne(updated);
    },

    /** Deleting the default falls back to the built-in template for its kind. */
    async remove(actor: Actor, id: string) {
      await load(actor.orgId, id);
      await repo.delete(db, actor.orgId, id);
    },

    /** "Reset to default": the template's content becomes the built-in content of its kind again. */
    async reset(actor: Actor, id: string) {
      const row = await load(actor.orgId, id);
      const updated = await repo.update(db, actor.orgId, id, {
        ...BUILT_IN[row.kind as EmailKind],
        updated_at: clock.now(),
        updated_by: actor.userId,
      });
      if (!updated) throw notFound('Template');
      return presentOne(updated);
    },

    /** Live preview: validates like a save, then renders the documented sample data. Changes nothing. */
    async preview(kind: EmailKind, content: TemplateContent) {
      await validateTemplate(kind, content);
      return renderTemplate(kind, content, sampleVars(kind));
    },

    defaults() {
      return {
        items: TEMPLATE_KINDS.map((kind) => ({
          kind,
          label: KIND_LABELS[kind],
          ...BUILT_IN[kind],
          variables: VARIABLES[kind],
        })),
        limits: {
          bodyBytes: TEMPLATE_LIMITS.bodyBytes,
          subjectChars: TEMPLATE_LIMITS.subjectChars,
          renderMs: TEMPLATE_LIMITS.renderMs,
        },
      };
    },

    /** For bulk resend: the template must belong to the organization. */
    async requireOwned(orgId: string, id: string) {
      return load(orgId, id);
    },
  };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
