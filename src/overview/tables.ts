/** migrations/0025_overview_rollups.sql: append-only deltas, folded by the overview.compact job. */
export interface OverviewStatesTable {
  org_id: string;
  group_ids: string[];
  status: string;
  delivery_problem: boolean;
  n: number;
  compacted: boolean;
}

export interface OverviewCohortsTable {
  org_id: string;
  day: string;
  group_ids: string[];
  import_id: string;
  inviter_id: string;
  invited: number;
  delivered: number;
  opened: number;
  accepted: number;
  compacted: boolean;
}

export interface OverviewDailyTable {
  org_id: string;
  day: string;
  group_ids: string[];
  sent: number;
  accepted: number;
  compacted: boolean;
}
