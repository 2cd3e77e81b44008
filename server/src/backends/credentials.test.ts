import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { authenticatedFetch, authHeaders, authProblems } from './credentials.js';

const dir = mkdtempSync(join(tmpdir(), 'credentials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backend credentials', () => {
  it('reads a token file on every request, without its trailing newline', () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'first\n');
    const auth = { bearerTokenFile: file, tenant: 'acme' };
    expect(authHeaders(auth)).toEqual({ authorization: 'Bearer first', 'x-scope-orgid': 'acme' });
    writeFileSync(file, 'rotated\r\n');
    expect(authHeaders(auth).authorization).toBe('Bearer rotated');
  });

  it('sends basic auth from a password file', () => {
    const file = join(dir, 'password');
    writeFileSync(file, 's3cret:with:colons\n');
    expect(authHeaders({ basicAuth: { username: 'steward', passwordFile: file } })).toEqual({
      authorization: `Basic ${Buffer.from('steward:s3cret:with:colons').toString('base64')}`,
    });
  });

  it('names an unreadable secret file by its path, never its content', async () => {
    const send = authenticatedFetch({ bearerTokenFile: join(dir, 'missing') }, async () => new Response('never'));
    await expect(send('http://backend.test/api')).rejects.toThrow(
      `cannot read bearerTokenFile ${join(dir, 'missing')}: ENOENT`
    );
  });

  it('adds the headers to every request; headers the caller sets itself win', async () => {
    const seen: Headers[] = [];
    const send = authenticatedFetch({ bearerToken: 'tok', tenant: 'acme' }, async (_input, init) => {
      seen.push(new Headers(init?.headers));
      return new Response('ok');
    });
    await send('http://backend.test/a', { headers: { 'content-type': 'text/plain' } });
    await send('http://backend.test/b', { headers: { 'X-Scope-OrgID': 'rules-tenant' } });
    expect(Object.fromEntries(seen[0]!)).toEqual({
      authorization: 'Bearer tok',
      'content-type': 'text/plain',
      'x-scope-orgid': 'acme',
    });
    expect(seen[1]!.get('x-scope-orgid')).toBe('rules-tenant');
    // Nothing configured: fetch itself, untouched.
    expect(authenticatedFetch({}, fetch)).toBe(fetch);
  });

  it('refuses ambiguous settings, naming the field', () => {
    expect(authProblems({ bearerToken: 'a', bearerTokenFile: '/t' })).toEqual([
      { field: 'bearerToken', message: 'set bearerToken or bearerTokenFile, not both' },
    ]);
    expect(authProblems({ bearerTokenFile: '/t', basicAuth: { username: 'u', password: 'p' } })).toEqual([
      { field: 'basicAuth', message: 'set a bearer token or basicAuth, not both' },
    ]);
    expect(authProblems({ basicAuth: { username: 'u' } })).toEqual([
      { field: 'basicAuth', message: 'set exactly one of password and passwordFile' },
    ]);
    expect(authProblems({ basicAuth: { username: 'u', passwordFile: '/p' }, tenant: 't' })).toEqual([]);
  });
});
