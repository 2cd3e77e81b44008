import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render, screen } from '@testing-library/react';
import { testIds } from '../../testIds';
import { MomentBanner } from './MomentBanner';
import { useSloMoment } from './useSloMoment';

const PAGE = '/a/steward-ownership-app/slos/checkout-route-success';

/** The banner as the SLO page shows it, for the page's URL. */
function BannerAt({ url }: { url: string }) {
  return (
    <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Banner />
    </MemoryRouter>
  );
}
function Banner() {
  return <MomentBanner moment={useSloMoment()} />;
}

const link = () => screen.getByTestId(testIds.slo.momentNow).querySelector('a')!;

describe('the SLO page at a past moment (?at=)', () => {
  it('says which moment the numbers are for, with its time zone, and links back to now on the same objective and group', () => {
    render(<BannerAt url={`${PAGE}?group.route=%2Fcart&objective=1&at=2026-11-30T00:53:20Z`} />);
    expect(screen.getByTestId(testIds.slo.moment).textContent).toContain(
      'As of 2026-11-30 00:53:20 UTC+00:00 — numbers for that moment'
    );
    expect(link().getAttribute('href')).toBe(`${PAGE}?group.route=%2Fcart&objective=1`);
  });

  it('reads the moment in seconds too', () => {
    render(<BannerAt url={`${PAGE}?at=1796000000`} />);
    expect(screen.getByTestId(testIds.slo.moment).textContent).toContain('As of 2026-11-30 00:53:20');
    expect(link().getAttribute('href')).toBe(PAGE);
  });

  it('shows nothing at the present', () => {
    render(<BannerAt url={`${PAGE}?objective=1`} />);
    expect(screen.queryByTestId(testIds.slo.moment)).toBeNull();
    render(<BannerAt url={`${PAGE}?at=now`} />);
    expect(screen.queryByTestId(testIds.slo.moment)).toBeNull();
  });

  it('says so when ?at= is not a time, instead of showing the present as if it were that moment', () => {
    render(<BannerAt url={`${PAGE}?at=last-tuesday`} />);
    expect(screen.getByTestId(testIds.slo.moment).textContent).toContain('Cannot show the SLO at that moment');
    expect(screen.getByTestId(testIds.slo.moment).textContent).toContain('“last-tuesday” is not a time');
    expect(link().getAttribute('href')).toBe(PAGE);
  });
});
