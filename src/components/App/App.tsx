import React from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { ROUTES } from '../../constants';

const HomePage = React.lazy(() => import('../../pages/Home/HomePage'));
const CatalogPage = React.lazy(() => import('../../pages/Catalog/CatalogPage'));
const TeamPage = React.lazy(() => import('../../pages/Team/TeamPage'));
const ServicePage = React.lazy(() => import('../../pages/Service/ServicePage'));
const HealthPage = React.lazy(() => import('../../pages/Health/HealthPage'));
const ServiceEditorPage = React.lazy(() => import('../../pages/Editor/ServiceEditorPage'));
const TeamEditorPage = React.lazy(() => import('../../pages/Editor/TeamEditorPage'));
const SlosPage = React.lazy(() => import('../../pages/Slos/SlosPage'));
const SloPage = React.lazy(() => import('../../pages/Slo/SloPage'));
const SloEditorPage = React.lazy(() => import('../../pages/Editor/SloEditorPage'));

function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path={ROUTES.Home} element={<HomePage />} />
      <Route path={ROUTES.Catalog} element={<CatalogPage />} />
      <Route path={`${ROUTES.Services}/new`} element={<ServiceEditorPage />} />
      <Route path={`${ROUTES.Services}/:name/edit`} element={<ServiceEditorPage />} />
      <Route path={`${ROUTES.Services}/:name`} element={<ServicePage />} />
      <Route path={`${ROUTES.Teams}/new`} element={<TeamEditorPage />} />
      <Route path={`${ROUTES.Teams}/:name/edit`} element={<TeamEditorPage />} />
      <Route path={`${ROUTES.Teams}/:name`} element={<TeamPage />} />
      <Route path={ROUTES.Health} element={<HealthPage />} />
      <Route path={ROUTES.Slos} element={<SlosPage />} />
      <Route path={`${ROUTES.Slos}/new`} element={<SloEditorPage />} />
      <Route path={`${ROUTES.Slos}/:name/edit`} element={<SloEditorPage />} />
      <Route path={`${ROUTES.Slos}/:name`} element={<SloPage />} />
      <Route path="*" element={<Navigate to={ROUTES.Home} replace />} />
    </Routes>
  );
}

export default App;
