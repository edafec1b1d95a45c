import { useT } from '../i18n/use-t.tsx';
import './template-preview.css';

export interface VariableDoc {
  name: string;
  description: string;
  example: string | boolean | null;
}

/** The variables a template may use; each token stays on one line, so it can be read and copied whole. */
export function VariablesReference({ variables }: { variables: VariableDoc[] }) {
  const t = useT();
  if (variables.length === 0) return null;
  return (
    <>
      <h3>{t('templates.variables.title')}</h3>
      <dl className="var-reference">
        {variables.map((v) => (
          <div key={v.name} className="var-entry">
            <dt>
              <code className="var-token">{`{{ ${v.name} }}`}</code>
            </dt>
            <dd>
              {v.description}
              {typeof v.example === 'string' && v.name !== 'link' && (
                <span className="muted"> {t('templates.variables.example', { example: v.example })}</span>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
