import { createContext, useContext } from 'react';
import type { Session } from './api.ts';

export interface Instance {
  mailboxEnabled: boolean;
  version?: string;
  /** Whether someone who is only a learner may create an organization. */
  learnersCreateOrganizations?: boolean;
}

export interface AppState {
  session: Session | null;
  instance: Instance;
  /** Reload the session (after sign-in, accept, org creation...). */
  refresh: () => Promise<Session | null>;
  setSession: (s: Session | null) => void;
  signOut: () => Promise<void>;
}

export const AppContext = createContext<AppState>({
  session: null,
  instance: { mailboxEnabled: false },
  refresh: async () => null,
  setSession: () => {},
  signOut: async () => {},
});

export const useApp = () => useContext(AppContext);
