import React from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { ROUTES } from '../../constants';

const HomePage = React.lazy(() => import('../../pages/Home/HomePage'));

function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path={ROUTES.Home} element={<HomePage />} />
      <Route path="*" element={<Navigate to={ROUTES.Home} replace />} />
    </Routes>
  );
}

export default App;
