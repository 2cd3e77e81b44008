import { from, map, type Observable } from 'rxjs';
import { CustomVariableSupport, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import type { StewardDataSource } from '../datasource';
import { normalizeVariableQuery, VariableQueryEditor } from '../components/VariableQueryEditor';
import { DEFAULT_VARIABLE_QUERY, type StewardVariableQuery } from '../types';

/**
 * Query variables from steward-server: teams (optionally only the signed-in user's), services of
 * teams, SLOs of services, and tiers. Each answer is a frame with `text` (shown in the picker)
 * and `value` (what `$variable` becomes) fields, which Grafana's variable runner reads.
 */
export class StewardVariableSupport extends CustomVariableSupport<StewardDataSource, StewardVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: StewardDataSource) {
    super();
  }

  query(request: DataQueryRequest<StewardVariableQuery>): Observable<DataQueryResponse> {
    const query = { ...DEFAULT_VARIABLE_QUERY, ...normalizeVariableQuery(request.targets[0]) };
    return from(this.datasource.variableFrame(query, request.scopedVars)).pipe(map((frame) => ({ data: [frame] })));
  }
}
