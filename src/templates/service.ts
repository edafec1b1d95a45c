import { auditEntry, changedFields } from '../audit/changes.ts';
import { auditRepository as audit } from '../audit/repository.ts';
import type { Actor } from '../auth/permissions.ts';
import { localeOfReader } from '../auth/reader-locale.ts';
import type { Executor } from '../db/types.ts';
import type { Locale } from '../i18n/locales.ts';
import type { EmailKind } from '../mail/render.ts';
import type { Deps } from '../shared/deps.ts';
import { conflict, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { cleanName } from '../shared/validation.ts';
import { builtIn, type TemplateContent } from './builtins/index.ts';
import { renderTemplate, sampleVars, TEMPLATE_LIMITS, validateTemplate } from './engine.ts';
import { templateRepository as repo } from './repository.ts';
import { describedVariables, kindLabel, TEMPLATE_KINDS } from './variables.ts';

export interface TemplateInput {
  kind: EmailKind;
  /** The language it is written in; the organization's default language when not given. */
  locale?: Locale;
  name: string;
  subject: string;
  html: string;
  text: string;
  isDefault?: boolean;
}

export type TemplatePatch = Partial<Omit<TemplateInput, 'kind' | 'locale'>>;

type Row = Awaited<ReturnType<typeof repo.list>>[number];

/** Stands for an invitation's token in previews: a link of the real shape that opens no invitation. */
const PREVIEW_LINK_TOKEN = 'example-link-shown-in-previews';

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
      locale: r.locale as Locale,
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

  /**
   * What the audit log keeps of a template change: name, subject and default flag before/after;
   * for the bodies only that they changed (they can be long, and the template itself holds them).
   */
  function templateChanges(before: Partial<Row> | null, after: Row) {
    const out: Record<string, unknown> = {};
    const plain = { name: after.name, subject: after.subject, isDefault: after.is_default };
    const was = before && { name: before.name, subject: before.subject, isDefault: before.is_default };
    Object.assign(out, changedFields(was ?? {}, plain) ?? {});
    for (const body of ['html', 'text'] as const)
      if (before && before[body] !== after[body]) out[body] = 'changed';
    return Object.keys(out).length ? out : null;
  }

  /** The language a caller means when it names none: the organization's default. */
  async function localeOr(orgId: string, locale: Locale | undefined): Promise<Locale> {
    return locale ?? ((await repo.defaultLocale(db, orgId)) as Locale);
  }

  /**
   * Saves inside a transaction; the one default per kind and language moves here when asked. The
   * change goes to the audit log as `action` (nothing when nothing changed).
   */
  async function save(
    actor: Actor,
    kind: EmailKind,
    locale: Locale,
    write: (trx: Executor) => Promise<Row | undefined>,
    makeDefault: boolean | undefined,
    name: string,
    action: string,
    before: Row | null,
  ) {
    try {
      return await db.transaction().execute(async (trx) => {
        if (makeDefault) await repo.clearDefault(trx, actor.orgId, kind, locale, clock.now());
        const row = await write(trx);
        const changes = row ? templateChanges(before, row) : null;
        if (row && changes)
          await audit.record(trx, [
            auditEntry(
              actor,
              clock.now(),
              action,
              { type: 'template', id: row.id, label: `${row.name} (${kindLabel(kind)}, ${locale})` },
              changes,
            ),
          ]);
        return row;
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw conflict(
          'name_taken',
          `A ${kindLabel(kind).toLowerCase()} template in ${locale} named "${name}" already exists.`,
          { field: 'name' },
        );
      throw err;
    }
  }

  return {
    /** All the organization's templates, or those of one language. */
    async list(actor: Actor, locale?: Locale) {
      return { items: await present(await repo.list(db, actor.orgId, locale)) };
    },

    async get(actor: Actor, id: string) {
      return presentOne(await load(actor.orgId, id));
    },

    async create(actor: Actor, input: TemplateInput) {
      const name = cleanName(input.name, 'name');
      const content = { subject: input.subject, html: input.html, text: input.text };
      const locale = await localeOr(actor.orgId, input.locale);
      await validateTemplate(input.kind, content, { locale, timeZone: 'UTC' });
      const now = clock.now();
      const row = await save(
        actor,
        input.kind,
        locale,
        (trx) =>
          repo.insert(trx, {
            org_id: actor.orgId,
            kind: input.kind,
            locale,
            name,
            ...content,
            is_default: input.isDefault ?? false,
            created_at: now,
            updated_at: now,
            updated_by: actor.userId,
          }),
        input.isDefault,
        name,
        'template.created',
        null,
      );
      return presentOne(row!);
    },

    async update(actor: Actor, id: string, patch: TemplatePatch) {
      const row = await load(actor.orgId, id);
      const kind = row.kind as EmailKind;
      const locale = row.locale as Locale;
      const name = patch.name !== undefined ? cleanName(patch.name, 'name') : row.name;
      const content = {
        subject: patch.subject ?? row.subject,
        html: patch.html ?? row.html,
        text: patch.text ?? row.text,
      };
      await validateTemplate(kind, content, { locale, timeZone: 'UTC' });
      const updated = await save(
        actor,
        kind,
        locale,
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
        'template.changed',
        row,
      );
      if (!updated) throw notFound('Template');
      return presentOne(updated);
    },

    /** Deleting the default falls back to the built-in template for its kind. */
    async remove(actor: Actor, id: string) {
      const row = await load(actor.orgId, id);
      await db.transaction().execute(async (trx) => {
        await repo.delete(trx, actor.orgId, id);
        await audit.record(trx, [
          auditEntry(actor, clock.now(), 'template.deleted', {
            type: 'template',
            id,
            label: `${row.name} (${kindLabel(row.kind as EmailKind)}, ${row.locale})`,
          }),
        ]);
      });
    },

    /** "Reset to default": the template's content becomes the built-in content of its kind and language again. */
    async reset(actor: Actor, id: string) {
      const row = await load(actor.orgId, id);
      const locale = row.locale as Locale;
      const updated = await save(
        actor,
        row.kind as EmailKind,
        locale,
        (trx) =>
          repo.update(trx, actor.orgId, id, {
            ...builtIn(row.kind as EmailKind, locale),
            updated_at: clock.now(),
            updated_by: actor.userId,
          }),
        false,
        row.name,
        'template.reset',
        row,
      );
      if (!updated) throw notFound('Template');
      return presentOne(updated);
    },

    /**
     * Live preview: validates like a save, then renders sample data that reads like the
     * organization's own email: its name, the person previewing as the inviter, some of its
     * groups, and a link that looks like a real one, in the chosen language (else the
     * organization's default) with times in the organization's zone. Changes nothing.
     */
    async preview(actor: Actor, kind: EmailKind, content: TemplateContent, locale?: Locale) {
      const sample = await repo.previewSample(db, actor.orgId);
      const language = { locale: await localeOr(actor.orgId, locale), timeZone: sample.timeZone };
      await validateTemplate(kind, content, language);
      const vars = sampleVars(kind);
      return renderTemplate(
        kind,
        content,
        {
          ...vars,
          organizationName: sample.organizationName ?? vars.organizationName,
          inviterName: actor.type === 'user' ? actor.name : vars.inviterName,
          ...(sample.groupNames.length ? { groups: sample.groupNames } : {}),
          link: `${deps.config.appUrl}/invite/${PREVIEW_LINK_TOKEN}`,
        },
        language,
      );
    },

    /**
     * The built-in templates in a language (default English), their variables, and the limits.
     * Labels and variable descriptions are for the reader: in the caller's chosen language, else
     * the first their browser asks for, else English.
     */
    async defaults(actor: Actor, locale: Locale = 'en', acceptLanguage?: string) {
      const reader = await localeOfReader(db, actor.userId, acceptLanguage);
      return {
        locale,
        items: TEMPLATE_KINDS.map((kind) => ({
          kind,
          label: kindLabel(kind, reader),
          ...builtIn(kind, locale),
          variables: describedVariables(kind, reader),
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
