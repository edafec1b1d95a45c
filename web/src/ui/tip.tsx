import { type ReactNode, useId } from 'react';

export function Tip({ text, children }: { text: string; children: ReactNode }) {
  const id = useId();
  return (
    <span className="tip">
      <button type="button" aria-describedby={id} className="tip-anchor">
        {children}
      </button>
      <span role="tooltip" id={id} className="tip-text">
        {text}
      </span>
    </span>
  );
}
