import type { ReactNode } from 'react';

/** The centred button under a list that reads its next page; disabled while that page loads. */
export function LoadMoreButton({
  onClick,
  loading,
  label,
  loadingLabel,
}: {
  onClick: () => void;
  loading: boolean;
  label: ReactNode;
  loadingLabel: ReactNode;
}) {
  return (
    <p className="center">
      <button type="button" onClick={onClick} disabled={loading}>
        {loading ? loadingLabel : label}
      </button>
    </p>
  );
}
