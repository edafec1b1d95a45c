import type { InputHTMLAttributes } from 'react';
import { Field } from './field.tsx';

/** A labelled text input bound to a string; other attributes go to the input as they are. */
export function TextField({
  label,
  value,
  onChange,
  ...input
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>) {
  return (
    <Field label={label}>
      {(p) => <input {...p} {...input} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}
