/** The app's jsonData; the token lives in secureJsonData as `stewardToken` and never reaches the browser. */
export interface AppSettings {
  stewardUrl?: string;
}

export const SECURE_TOKEN_KEY = 'stewardToken';
