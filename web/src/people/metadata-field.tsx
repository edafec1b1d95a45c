import { useT } from '../i18n/use-t.tsx';
import { Field } from '../ui/field.tsx';

/** JSON, the same in every language. */
export const METADATA_EXAMPLE = '{"employeeId": "E42"}';

/** The typed metadata as the object it must be; null when it is not one. */
export function parseMetadata(text: string): object | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

/** Optional metadata (a JSON object) kept with the invitations, folded away under "more options". */
export function MetadataField({
  value,
  error,
  onChange,
}: {
  value: string;
  error: string | null;
  onChange: (value: string) => void;
}) {
  const t = useT();
  return (
    <details className="more-options">
      <summary>{t('people.invite.metadataSummary')}</summary>
      <Field label={t('people.invite.metadata')} hint={t('people.invite.metadataHint')} error={error}>
        {(p) => (
          <textarea
            {...p}
            rows={2}
            spellCheck={false}
            className="mono"
            value={value}
            placeholder={METADATA_EXAMPLE}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
      </Field>
    </details>
  );
}
