import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports.js';
import { tempDir } from './temp-dir.js';

export interface RunningPostgres {
  /** URL of the maintenance database; use `createDatabase` for an isolated one per test. */
  url: string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a throw-away PostgreSQL (Debian's postgresql package) with initdb and pg_ctl on loopback. */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBinDir();
  const work = tempDir('postgres');
  const dataDir = join(work.path, 'data');
  const port = await freePort();
  // initdb refuses to run as root; run the server as the package's `postgres` user then.
  const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  if (asUser.length > 0) {
    const { uid, gid } = postgresIds();
    chownSync(work.path, uid, gid);
  }
  const exec = (program: string, args: string[]) => {
    const [command, ...rest] = [...asUser, join(bin, program), ...args];
    return execFileSync(command!, rest, { stdio: 'pipe', timeout: 60_000 }).toString();
  };
  exec('initdb', ['-D', dataDir, '-U', 'steward', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${work.path} -c listen_addresses=127.0.0.1 -c fsync=on`;
  exec('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(work.path, 'server.log'), '-w', 'start']);

  const url = `postgres://steward@127.0.0.1:${port}/postgres`;
  return {
    url,
    createDatabase: async (name: string) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
        throw new Error(`bad database name ${name}`);
      }
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://steward@127.0.0.1:${port}/${name}`;
    },
    stop: async () => {
      try {
        exec('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        work.remove();
      }
    },
  };
}

function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const dir = join(root, version, 'bin');
    if (existsSync(join(dir, 'initdb'))) {
      return dir;
    }
  }
  throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
}

function postgresIds(): { uid: number; gid: number } {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('no postgres user; install the postgresql package');
  }
}
