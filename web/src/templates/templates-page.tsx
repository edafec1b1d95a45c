import { useState } from 'react';
import { can, del } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { useQuery } from '../data/use-query.ts';
import { useLocale } from '../i18n/i18n-provider.tsx';
import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n/locales.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { LanguageOptions } from '../ui/language-options.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { Time } from '../ui/time.tsx';
import { useToast } from '../ui/toast.tsx';
import { type Draft, KIND_LABELS, type KindDefaults, type Template } from './template.ts';
import { Editor } from './template-editor.tsx';

const hidden = (chunks: React.ReactNode) => <span className="visually-hidden">{chunks}</span>;

/**
 * Email templates per kind and language, in Liquid, with a live preview (editing needs the
 * templates permission). A language without a template of a kind uses the built-in one in it.
 */
export function TemplatesPage() {
  const { org } = useOrg();
  const toast = useToast();
  const t = useT();
  const reader = useLocale().locale;
  const editable = can(org, 'templates');
  const [language, setLanguage] = useState<Locale | ''>('');
  const list = useQuery<{ items: Template[] }>(
    `/orgs/${org.id}/templates${language ? `?locale=${encodeURIComponent(language)}` : ''}`,
  );
  const items = list.error ? [] : (list.data?.items ?? null);
  const error = list.error ? errorText(list.error) : null;
  const load = list.reload;
  // The built-in emails a new template starts from; without them there is no "New" button.
  const kinds = useQuery<{ items: KindDefaults[] }>(`/orgs/${org.id}/templates/defaults`).data?.items ?? [];
  const [editing, setEditing] = useState<Draft | null>(null);
  const [deleting, setDeleting] = useState<Template | null>(null);
  const label = (kind: string) => (KIND_LABELS[kind] ? t(KIND_LABELS[kind]) : kind);
  /** A new template is written in the language shown, else the reader's own. */
  const newLocale: Locale =
    language || ((LOCALES as readonly string[]).includes(reader) ? (reader as Locale) : 'en');

  return (
    <>
      <PageHead
        title={t('templates.page.title')}
        lead={editable ? t('templates.page.lead') : t('templates.page.leadReadOnly')}
      >
        {editable && !editing && kinds.length > 0 && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              const k = kinds[0]!;
              setEditing({
                kind: k.kind,
                locale: newLocale,
                name: '',
                subject: k.subject,
                html: k.html,
                text: k.text,
                isDefault: false,
              });
            }}
          >
            {t('templates.page.new')}
          </button>
        )}
      </PageHead>
      <FormError error={error} />
      <Field label={t('templates.page.languageFilter')}>
        {(p) => (
          <select {...p} value={language} onChange={(e) => setLanguage(e.target.value as Locale | '')}>
            <option value="">{t('templates.page.allLanguages')}</option>
            <LanguageOptions />
          </select>
        )}
      </Field>
      {editing && (
        <Editor
          key={editing.id ?? 'new'}
          draft={editing}
          kinds={kinds}
          onClose={(changed) => {
            setEditing(null);
            if (changed) load();
          }}
        />
      )}
      {!items ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p className="empty">{t('templates.page.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('templates.page.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('templates.column.name')}</th>
                <th scope="col">{t('templates.column.kind')}</th>
                <th scope="col">{t('templates.column.language')}</th>
                <th scope="col">{t('templates.column.default')}</th>
                <th scope="col">{t('templates.column.updated')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('templates.column.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td data-label={t('templates.column.name')}>
                    <strong>{item.name}</strong>
                  </td>
                  <td data-label={t('templates.column.kind')}>{label(item.kind)}</td>
                  <td data-label={t('templates.column.language')}>
                    <span lang={item.locale}>{LOCALE_NAMES[item.locale] ?? item.locale}</span>
                  </td>
                  <td data-label={t('templates.column.default')}>
                    {item.isDefault ? (
                      <span className="badge status-accepted">{t('templates.badge.default')}</span>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-label={t('templates.column.updated')}>
                    <Time iso={item.updatedAt} />
                    {item.updatedBy && (
                      <div className="muted small">
                        {t('templates.updatedBy', { name: item.updatedBy.name })}
                      </div>
                    )}
                  </td>
                  <td className="actions">
                    {editable && (
                      <>
                        <button type="button" className="small" onClick={() => setEditing({ ...item })}>
                          <T id="templates.action.edit" values={{ name: item.name, hidden }} />
                        </button>{' '}
                        <button type="button" className="small danger-text" onClick={() => setDeleting(item)}>
                          <T id="templates.action.delete" values={{ name: item.name, hidden }} />
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('templates.delete.title', { name: deleting.name })}
          danger
          confirmLabel={t('templates.delete.confirm')}
          body={
            <p>{deleting.isDefault ? t('templates.delete.wasDefault') : t('templates.delete.notDefault')}</p>
          }
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            try {
              await del(`/orgs/${org.id}/templates/${deleting.id}`);
              toast('success', t('templates.delete.done', { name: deleting.name }));
              setDeleting(null);
              load();
            } catch (e) {
              toast('error', errorText(e));
            }
          }}
        />
      )}
    </>
  );
}
