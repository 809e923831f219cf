import { join } from 'node:path';
import { MemoryStore } from '../src/index.js';
import type { SessionStore } from '../src/index.js';

/** The store the demo runs on, a label for the page, and how to let go of its connection. */
export interface DemoStore {
  store: SessionStore;
  /** e.g. `SQLite (demo/data/sessions.db)`; never contains a password. */
  label: string;
  close(): Promise<void>;
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/**
 * Builds the store `SATCHEL_STORE` names. Drivers load only when chosen, the way an app would
 * depend on just one of them; every store receives a client the demo created and closes.
 */
export async function openStore(spec: string, dataDir: string): Promise<DemoStore> {
  if (spec === 'memory') {
    const store = new MemoryStore();
    return { store, label: 'memory (gone at restart)', close: () => store.close() };
  }
  if (spec === 'sqlite' || spec.startsWith('sqlite:')) {
    const file = spec === 'sqlite' ? join(dataDir, 'sessions.db') : spec.slice('sqlite:'.length);
    const { default: Database } = await import('better-sqlite3');
    const { SqliteStore } = await import('../src/stores/sqlite.js');
    const db = new Database(file);
    const store = new SqliteStore({ db });
    return {
      store,
      label: `SQLite (${file})`,
      close: async () => {
        await store.close();
        db.close();
      },
    };
  }
  const scheme = spec.slice(0, spec.indexOf(':'));
  if (scheme === 'redis' || scheme === 'rediss') {
    const { createClient } = await import('redis');
    const { RedisStore } = await import('../src/stores/redis.js');
    const client = await createClient({ url: spec }).connect();
    const store = new RedisStore({ client, prefix: 'satchel-demo:' });
    return { store, label: `Redis (${redact(spec)})`, close: async () => void (await client.quit()) };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const { default: pg } = await import('pg');
    const { PostgresStore } = await import('../src/stores/postgres.js');
    const pool = new pg.Pool({ connectionString: spec });
    pool.on('error', (error) => console.error('idle PostgreSQL connection failed:', error.message));
    const store = new PostgresStore({ pool, table: 'satchel_demo_sessions' });
    return {
      store,
      label: `PostgreSQL (${redact(spec)})`,
      close: async () => {
        await store.close();
        await pool.end();
      },
    };
  }
  if (scheme === 'mysql') {
    const { createPool } = await import('mysql2/promise');
    const { MysqlStore } = await import('../src/stores/mysql.js');
    const pool = createPool({ uri: spec });
    const store = new MysqlStore({ pool, table: 'satchel_demo_sessions' });
    return {
      store,
      label: `MySQL/MariaDB (${redact(spec)})`,
      close: async () => {
        await store.close();
        await pool.end();
      },
    };
  }
  if (scheme === 'mongodb' || scheme === 'mongodb+srv') {
    const { MongoClient } = await import('mongodb');
    const { MongoStore } = await import('../src/stores/mongodb.js');
    const client = await new MongoClient(spec).connect();
    const store = new MongoStore({ collection: client.db().collection('satchel_demo_sessions') });
    return { store, label: `MongoDB (${redact(spec)})`, close: () => client.close() };
  }
  throw new Error(`SATCHEL_STORE must be memory, sqlite, or a redis://, postgres://, mysql:// or mongodb:// URL; got ${JSON.stringify(spec)}`);
}
