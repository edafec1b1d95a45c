import { type FormEvent, useEffect, useRef, useState } from 'react';
import { get, patch, post } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { postByKey } from '../data/post-query.ts';
import { useDebounced } from '../data/use-debounced.ts';
import { useQuery } from '../data/use-query.ts';
import { LOCALE_NAMES, type Locale } from '../i18n/locales.ts';
import { useT } from '../i18n/use-t.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { LanguageOptions } from '../ui/language-options.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { useToast } from '../ui/toast.tsx';
import { EmailWidthPreview } from './email-width-preview.tsx';
import { type Draft, fieldErrorId, KIND_LABELS, type KindDefaults, type Template } from './template.ts';
import { VariablesReference } from './variables-reference.tsx';

interface BuiltIns {
  locale: Locale;
  items: KindDefaults[];
}

type Rendered = { subject: string; html: string; text: string };

/** The built-in emails in the language the path asks for, labelled with it. */
async function readBuiltIns(path: string): Promise<BuiltIns> {
  const r = await get<{ items: KindDefaults[] }>(path);
  const locale = new URLSearchParams(path.slice(path.indexOf('?') + 1)).get('locale') as Locale;
  return { locale, items: r.items };
}

export function Editor({
  draft: initial,
  kinds,
  onClose,
}: {
  draft: Draft;
  kinds: KindDefaults[];
  onClose: (changed: boolean) => void;
}) {
  const { org } = useOrg();
  const toast = useToast();
  const t = useT();
  const [draft, setDraft] = useState<Draft>(initial);
  /** The built-in emails in the draft's language (the page's are English). */
  const builtIns =
    useQuery<BuiltIns>(`/orgs/${org.id}/templates/defaults?locale=${encodeURIComponent(draft.locale)}`, {
      load: readBuiltIns,
    }).data ?? null;
  const [error, setError] = useState<string | null>(null);
  const kind = (builtIns?.locale === draft.locale ? builtIns.items : kinds).find(
    (k) => k.kind === draft.kind,
  );
  const fieldError = (e: unknown) => t(fieldErrorId(e), { message: errorText(e) });
  const kindName = (k: string) => (KIND_LABELS[k] ? t(KIND_LABELS[k]) : k);
  const content = useDebounced(
    JSON.stringify({
      kind: draft.kind,
      locale: draft.locale,
      subject: draft.subject,
      html: draft.html,
      text: draft.text,
    }),
    400,
  );

  // A new template starts from the built-in email of its kind in its language, until its text is edited.
  const isNew = !draft.id;
  const pristine = useRef(isNew);
  useEffect(() => {
    if (!builtIns || !pristine.current) return;
    setDraft((d) => {
      const k = builtIns.items.find((x) => x.kind === d.kind);
      return k && d.locale === builtIns.locale ? { ...d, subject: k.subject, html: k.html, text: k.text } : d;
    });
  }, [builtIns]);

  // The preview renders the content as typed, once typing pauses; the last good one stays under an error.
  const preview = useQuery<Rendered>(`/orgs/${org.id}/templates/preview ${content}`, { load: postByKey });
  const rendered = preview.data ?? null;
  const previewError = preview.error ? fieldError(preview.error) : null;

  /** "Reset to default": a saved template gets the built-in content on the server; a new one in the editor. */
  async function resetToDefault() {
    try {
      if (draft.id) {
        const t = await post<Template>(`/orgs/${org.id}/templates/${draft.id}/reset`);
        setDraft((d) => ({ ...d, subject: t.subject, html: t.html, text: t.text }));
      } else if (kind) {
        setDraft((d) => ({ ...d, subject: kind.subject, html: kind.html, text: kind.text }));
      }
      toast('success', t('templates.editor.resetDone'));
    } catch (err) {
      toast('error', errorText(err));
    }
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      if (draft.id) {
        const { id, kind: _k, locale: _l, ...body } = draft;
        await patch(`/orgs/${org.id}/templates/${id}`, body);
      } else {
        await post(`/orgs/${org.id}/templates`, draft);
      }
      toast('success', t('templates.editor.saved', { name: draft.name }));
      onClose(true);
    } catch (err) {
      setError(fieldError(err));
    }
  }

  const set =
    (k: keyof Draft) =>
    (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
      if (k === 'subject' || k === 'html' || k === 'text') pristine.current = false;
      setDraft((d) => ({ ...d, [k]: e.target.value }));
    };

  return (
    <section className="panel" aria-labelledby="tpl-editor">
      <h2 id="tpl-editor">
        {draft.id ? t('templates.editor.editTitle', { name: initial.name }) : t('templates.editor.newTitle')}
      </h2>
      <div className="editor-grid">
        <form onSubmit={save}>
          <FormError error={error} />
          {!draft.id && (
            <Field label={t('templates.editor.kind')}>
              {(p) => (
                <select
                  {...p}
                  value={draft.kind}
                  onChange={(e) => {
                    const shown = builtIns?.locale === draft.locale ? builtIns.items : kinds;
                    const k = shown.find((x) => x.kind === e.target.value);
                    pristine.current = true;
                    setDraft((d) => ({
                      ...d,
                      kind: e.target.value,
                      subject: k?.subject ?? d.subject,
                      html: k?.html ?? d.html,
                      text: k?.text ?? d.text,
                    }));
                  }}
                >
                  {kinds.map((k) => (
                    <option key={k.kind} value={k.kind}>
                      {kindName(k.kind)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label={t('templates.editor.language')} hint={t('templates.editor.languageHint')}>
            {(p) => (
              <select
                {...p}
                value={draft.locale}
                disabled={!isNew}
                onChange={(e) => setDraft((d) => ({ ...d, locale: e.target.value as Locale }))}
              >
                <LanguageOptions />
              </select>
            )}
          </Field>
          <Field label={t('templates.editor.name')}>
            {(p) => <input {...p} required maxLength={200} value={draft.name} onChange={set('name')} />}
          </Field>
          <Field label={t('templates.editor.subject')}>
            {(p) => <input {...p} required value={draft.subject} onChange={set('subject')} />}
          </Field>
          <Field label={t('templates.editor.html')}>
            {(p) => <textarea {...p} className="code" rows={8} value={draft.html} onChange={set('html')} />}
          </Field>
          <Field label={t('templates.editor.text')}>
            {(p) => <textarea {...p} className="code" rows={6} value={draft.text} onChange={set('text')} />}
          </Field>
          <div className="field">
            <label className="check-label">
              <input
                type="checkbox"
                checked={draft.isDefault}
                onChange={(e) => setDraft((d) => ({ ...d, isDefault: e.target.checked }))}
              />{' '}
              {t('templates.editor.useByDefault', { kind: draft.kind, language: LOCALE_NAMES[draft.locale] })}
            </label>
          </div>
          <div className="page-actions">
            <button type="button" onClick={() => onClose(false)}>
              {t('templates.editor.cancel')}
            </button>
            <button type="button" onClick={resetToDefault}>
              {t('templates.editor.reset')}
            </button>
            <button type="submit" className="primary">
              {t('templates.editor.save')}
            </button>
          </div>
        </form>
        <div>
          <h3>{t('templates.editor.previewTitle', { language: LOCALE_NAMES[draft.locale] })}</h3>
          {previewError ? (
            <div className="alert alert-error" role="alert">
              {previewError}
            </div>
          ) : !rendered ? (
            <Spinner />
          ) : (
            <div aria-live="polite">
              <EmailWidthPreview rendered={rendered} />
            </div>
          )}
          {kind && <VariablesReference variables={kind.variables} />}
        </div>
      </div>
    </section>
  );
}
