import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import type { StewardClient } from '../../api/stewardClient';
import type { ResolvedFilters } from '../resolve';
import type { StewardTeamRef } from '../teams';
import type { StewardQuery } from '../types';

/** What a query needs whatever its type: the query, the server, the range and the variables. */
export interface BaseContext {
  client: StewardClient;
  query: StewardQuery;
  refId: string;
  /** The dashboard's time range, seconds since the epoch. */
  from: number;
  to: number;
  /**
   * The moment numbers of one moment (budget, burn rates, state) are for, seconds: the range's
   * end, or undefined for the present (see evaluationMoment.ts).
   */
  at?: number;
  intervalMs?: number;
  templateSrv: TemplateSrv;
  scopedVars: ScopedVars;
}

/** A query about SLOs, services or teams: with its filters expanded ("my teams" applied). */
export interface QueryContext extends BaseContext {
  filters: ResolvedFilters;
  /** Every Steward team (cached by the datasource). */
  stewardTeams: () => Promise<StewardTeamRef[]>;
}
