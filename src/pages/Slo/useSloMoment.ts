import { useLocation } from 'react-router-dom';
import { parseMomentParam } from '../../slo/moment';

export interface SloMoment {
  /** The past moment the page shows (seconds), or undefined for the present. */
  at?: number;
  /** Why `?at=` could not be read, if it could not. */
  error?: string;
  /** The same page at the present: the URL without `at`, objective and group kept. */
  nowHref: string;
}

/** The moment the SLO page shows, from `?at=` (RFC 3339 or seconds). */
export function useSloMoment(): SloMoment {
  const location = useLocation();
  const search = new URLSearchParams(location.search);
  const { seconds, error } = parseMomentParam(search.get('at'));
  search.delete('at');
  const query = search.toString();
  return {
    ...(seconds === undefined ? {} : { at: seconds }),
    ...(error === undefined ? {} : { error }),
    nowHref: `${location.pathname}${query ? `?${query}` : ''}`,
  };
}
