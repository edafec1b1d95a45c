import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError, can, del, get, patch, post } from './api.ts';
import { PageHead, useOrg } from './console.tsx';
import { ConfirmDialog, errorText, Field, FormError, Spinner, Time, useToast } from './ui.tsx';

interface Template {
  id: string;
  kind: string;
  name: string;
  subject: string;
  html: string;
  text: string;
  isDefault: boolean;
  updatedAt: string;
  updatedBy: { id: string; name: string } | null;
}

interface KindDefaults {
  kind: string;
  label: string;
  subject: string;
  html: string;
  text: string;
  variables: Array<{ name: string; description: string; example: string | boolean | null }>;
}

type Draft = Pick<Template, 'kind' | 'name' | 'subject' | 'html' | 'text' | 'isDefault'> & { id?: string };

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Which part of the template a validation error is about ("HTML body: Unknown variable … on line 3"). */
function fieldLabel(e: unknown): string {
  const field = e instanceof ApiError ? e.field : undefined;
  return field === 'html'
    ? 'HTML body: '
    : field === 'text'
      ? 'Plain-text body: '
      : field === 'subject'
        ? 'Subject: '
        : '';
}

function Editor({
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
  const [draft, setDraft] = useState<Draft>(initial);
  const [error, setError] = useState<string | null>(null);
  const [rendered, setRendered] = useState<{ subject: string; html: string; text: string } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [showHtml, setShowHtml] = useState(false);
  const kind = kinds.find((k) => k.kind === draft.kind);
  const content = useDebounced(
    JSON.stringify({ kind: draft.kind, subject: draft.subject, html: draft.html, text: draft.text }),
    400,
  );

  useEffect(() => {
    let live = true;
    post<{ subject: string; html: string; text: string }>(
      `/orgs/${org.id}/templates/preview`,
      JSON.parse(content),
    ).then(
      (r) => {
        if (!live) return;
        setRendered(r);
        setPreviewError(null);
      },
      (e) => live && setPreviewError(`${fieldLabel(e)}${errorText(e)}`),
    );
    return () => {
      live = false;
    };
  }, [content, org.id]);

  /** "Reset to default": a saved template gets the built-in content on the server; a new one in the editor. */
  async function resetToDefault() {
    try {
      if (draft.id) {
        const t = await post<Template>(`/orgs/${org.id}/templates/${draft.id}/reset`);
        setDraft((d) => ({ ...d, subject: t.subject, html: t.html, text: t.text }));
      } else if (kind) {
        setDraft((d) => ({ ...d, subject: kind.subject, html: kind.html, text: kind.text }));
      }
      toast('success', 'Reset to the built-in content.');
    } catch (err) {
      toast('error', errorText(err));
    }
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      if (draft.id) {
        const { id, kind: _k, ...body } = draft;
        await patch(`/orgs/${org.id}/templates/${id}`, body);
      } else {
        await post(`/orgs/${org.id}/templates`, draft);
      }
      toast('success', `Template ${draft.name} saved.`);
      onClose(true);
    } catch (err) {
      setError(`${fieldLabel(err)}${errorText(err)}`);
    }
  }

  const set =
    (k: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
      setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <section className="panel" aria-labelledby="tpl-editor">
      <h2 id="tpl-editor">{draft.id ? `Edit ${initial.name}` : 'New template'}</h2>
      <div className="editor-grid">
        <form onSubmit={save}>
          <FormError error={error} />
          {!draft.id && (
            <Field label="Kind of email">
              {(p) => (
                <select
                  {...p}
                  value={draft.kind}
                  onChange={(e) => {
                    const k = kinds.find((x) => x.kind === e.target.value);
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
                      {k.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label="Template name">
            {(p) => <input {...p} required maxLength={200} value={draft.name} onChange={set('name')} />}
          </Field>
          <Field label="Subject">
            {(p) => <input {...p} required value={draft.subject} onChange={set('subject')} />}
          </Field>
          <Field label="HTML body (Liquid)">
            {(p) => <textarea {...p} className="code" rows={8} value={draft.html} onChange={set('html')} />}
          </Field>
          <Field label="Plain-text body (Liquid)">
            {(p) => <textarea {...p} className="code" rows={6} value={draft.text} onChange={set('text')} />}
          </Field>
          <div className="field">
            <label className="check-label">
              <input
                type="checkbox"
                checked={draft.isDefault}
                onChange={(e) => setDraft((d) => ({ ...d, isDefault: e.target.checked }))}
              />{' '}
              Use for every {kind?.label.toLowerCase() ?? draft.kind} email
            </label>
          </div>
          <div className="page-actions">
            <button type="button" onClick={() => onClose(false)}>
              Cancel
            </button>
            <button type="button" onClick={resetToDefault}>
              Reset to default
            </button>
            <button type="submit" className="primary">
              Save template
            </button>
          </div>
        </form>
        <div>
          <h3>Preview (sample data)</h3>
          {previewError ? (
            <div className="alert alert-error" role="alert">
              {previewError}
            </div>
          ) : !rendered ? (
            <Spinner />
          ) : (
            <div aria-live="polite">
              <p>
                <strong>Subject:</strong> {rendered.subject}
              </p>
              <pre className="email-text">{rendered.text}</pre>
              <button
                type="button"
                className="small"
                aria-pressed={showHtml}
                onClick={() => setShowHtml((v) => !v)}
              >
                {showHtml ? 'Hide' : 'Show'} HTML version
              </button>
              {showHtml && (
                <iframe
                  title="HTML version of the email"
                  className="html-preview"
                  sandbox=""
                  srcDoc={rendered.html}
                />
              )}
            </div>
          )}
          {kind && kind.variables.length > 0 && (
            <>
              <h3>Variables</h3>
              <dl className="dl vars">
                {kind.variables.map((v) => (
                  <div key={v.name} className="var-row">
                    <dt>
                      <code>{`{{ ${v.name} }}`}</code>
                    </dt>
                    <dd>{v.description}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </div>
      </div>
    </section>
  );
}

/** Email templates per kind, in Liquid, with a live preview (seed 004: editing needs the template permission). */
export function TemplatesPage() {
  const { org } = useOrg();
  const toast = useToast();
  const editable = can(org, 'templates');
  const [items, setItems] = useState<Template[] | null>(null);
  const [kinds, setKinds] = useState<KindDefaults[]>([]);
  const [editing, setEditing] = useState<Draft | null>(null);
  const [deleting, setDeleting] = useState<Template | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      get<{ items: Template[] }>(`/orgs/${org.id}/templates`).then(
        (r) => setItems(r.items),
        (e) => {
          setError(errorText(e));
          setItems([]);
        },
      ),
    [org.id],
  );
  useEffect(() => {
    load();
    get<{ items: KindDefaults[] }>(`/orgs/${org.id}/templates/defaults`).then(
      (r) => setKinds(r.items),
      () => {},
    );
  }, [load, org.id]);
  const label = (kind: string) => kinds.find((k) => k.kind === kind)?.label ?? kind;

  return (
    <>
      <PageHead
        title="Email templates"
        lead={
          editable
            ? 'Write your own emails in Liquid. Kinds without a default template use the built-in one.'
            : 'Changing templates needs the templates permission; ask an administrator.'
        }
      >
        {editable && !editing && kinds.length > 0 && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              const k = kinds[0]!;
              setEditing({
                kind: k.kind,
                name: '',
                subject: k.subject,
                html: k.html,
                text: k.text,
                isDefault: false,
              });
            }}
          >
            New template
          </button>
        )}
      </PageHead>
      <FormError error={error} />
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
        <p className="empty">No templates yet: every email uses the built-in text.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Email templates</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Used by default</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.id}>
                  <td data-label="Name">
                    <strong>{t.name}</strong>
                  </td>
                  <td data-label="Kind">{label(t.kind)}</td>
                  <td data-label="Default">
                    {t.isDefault ? <span className="badge status-accepted">Default</span> : '—'}
                  </td>
                  <td data-label="Updated">
                    <Time iso={t.updatedAt} />
                    {t.updatedBy && <div className="muted small">by {t.updatedBy.name}</div>}
                  </td>
                  <td className="actions">
                    {editable && (
                      <>
                        <button type="button" className="small" onClick={() => setEditing({ ...t })}>
                          Edit<span className="visually-hidden"> {t.name}</span>
                        </button>{' '}
                        <button type="button" className="small danger-text" onClick={() => setDeleting(t)}>
                          Delete<span className="visually-hidden"> {t.name}</span>
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
          title={`Delete ${deleting.name}?`}
          danger
          confirmLabel="Delete template"
          body={
            <p>
              {deleting.isDefault
                ? 'Its kind of email goes back to the built-in text.'
                : 'It is not used by default.'}
            </p>
          }
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            try {
              await del(`/orgs/${org.id}/templates/${deleting.id}`);
              toast('success', `Template ${deleting.name} deleted.`);
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
