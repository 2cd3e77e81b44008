import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { StewardDataSource } from './datasource';
import type { StewardDataSourceOptions, StewardQuery } from './types';

export const plugin = new DataSourcePlugin<StewardDataSource, StewardQuery, StewardDataSourceOptions>(StewardDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
