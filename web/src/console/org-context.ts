import { createContext, useContext } from 'react';
import type { Membership } from '../api.ts';

export interface OrgState {
  org: Membership;
  base: string;
}
export const OrgContext = createContext<OrgState>(null as unknown as OrgState);
export const useOrg = () => useContext(OrgContext);
