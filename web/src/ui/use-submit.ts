import { useState } from 'react';
import { errorText } from './error-text.ts';

/**
 * The busy flag and error text of a form that sends one request. `run` clears the error, keeps
 * the form busy while `action` runs and shows its failure. With `stayBusy` the form stays
 * disabled after success, for forms whose page moves on.
 */
export function useSubmit() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(action: () => Promise<void>, { stayBusy = false } = {}) {
    setBusy(true);
    setError(null);
    try {
      await action();
      if (!stayBusy) setBusy(false);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
