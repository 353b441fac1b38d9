/**
 * A durable sandbox's journal (`--data FILE`): every request that reached the stages, every control call that may
 * change state and every webhook attempt's outcome, with the values it drew (its tape), one SQLite row each, written
 * before the reply is sent. On restart the sandbox replays it through the same stages and reaches the same state:
 * resources, clocks, idempotency keys, rate-limit windows and pending webhook retries. WAL with one transaction per
 * row (`synchronous=NORMAL` survives a killed process), a versioned schema, and an exclusive lock on the file, so a
 * second process fails at start.
 */
import Database from 'better-sqlite3';
import { JournalError } from './journal-error.js';
import type { TapeValue } from './tape.js';
import type { AttemptOutcome } from './webhook-dispatcher.js';

/** A request to the provider API or a control call, as received. */
export interface JournaledRequest {
  kind: 'request';
  method: string;
  /** path and query */
  target: string;
  headers: Record<string, string | string[] | undefined>;
  /** the body as received, base64; absent when empty */
  body?: string;
  remoteAddress?: string;
  tape: TapeValue[];
}

/** The outcome of one webhook delivery attempt of a tenant. */
export interface JournaledAttempt {
  kind: 'attempt';
  tenant: string;
  deliveryId: string;
  startedAt: number;
  outcome: AttemptOutcome;
}

/** A tenant's clock moved in-process (`sandbox.clock.advance()`), not through the control API. */
export interface JournaledAdvance {
  kind: 'advance';
  tenant: string;
  seconds: number;
  tape: TapeValue[];
}

export type JournalEntry = JournaledRequest | JournaledAttempt | JournaledAdvance;

/** The schema this version writes; each migration takes a database from the version before it to its own. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE sandbox (name TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, entry TEXT NOT NULL);`,
];
export const JOURNAL_SCHEMA_VERSION = MIGRATIONS.length;

export class Journal {
  private readonly insert: Database.Statement<[string]>;

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
  ) {
    this.insert = db.prepare('INSERT INTO journal (entry) VALUES (?)');
  }

  /**
   * Opens (or creates) the data file of a `slug` sandbox and takes its lock. Refuses a file another process holds,
   * one written by a newer version, one of another provider, or one that is not a sandbox's data file.
   */
  static open(file: string, slug: string): Journal {
    let db: Database.Database;
    try {
      db = new Database(file, { timeout: 0 });
    } catch (error) {
      throw new JournalError(`Cannot open the data file ${file}: ${(error as Error).message}.`);
    }
    try {
      lock(db, file);
      migrate(db, file);
      const owner = db.prepare("SELECT value FROM sandbox WHERE name = 'provider'").get() as
        | { value: string }
        | undefined;
      if (owner && owner.value !== slug)
        throw new JournalError(
          `The data file ${file} holds a ${owner.value} sandbox, not ${slug}; give each its own file.`,
        );
      if (!owner) db.prepare("INSERT INTO sandbox (name, value) VALUES ('provider', ?)").run(slug);
      return new Journal(db, file);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Writes one entry in its own transaction; when this returns, a killed process keeps it. */
  append(entry: JournalEntry): void {
    this.insert.run(JSON.stringify(entry));
  }

  /** Every entry, oldest first. */
  *entries(): Generator<JournalEntry> {
    for (const row of this.db.prepare('SELECT entry FROM journal ORDER BY seq').iterate() as Iterable<{
      entry: string;
    }>)
      yield JSON.parse(row.entry) as JournalEntry;
  }

  /** Forgets every entry: the sandbox is as it started (a reset of all tenants). */
  clear(): void {
    this.db.prepare('DELETE FROM journal').run();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** WAL, and an exclusive lock held from now on: a second process on the same file fails here, at once. */
function lock(db: Database.Database, file: string): void {
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Checkpoints (the only writes that sync the disk under NORMAL) every ~40 MB of journal rather than every 4 MB.
    db.pragma('wal_autocheckpoint = 10000');
    // The first write takes the exclusive lock, and EXCLUSIVE mode keeps it until the file is closed.
    db.exec('BEGIN IMMEDIATE; COMMIT;');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
      throw new JournalError(
        `The data file ${file} is in use by another sandbox process; several processes must not share one file (run one shared sandbox, or give each its own file).`,
      );
    if (code === 'SQLITE_NOTADB')
      throw new JournalError(`${file} is not a sandbox data file (not an SQLite database); name a new file.`);
    throw error;
  }
}

/** Brings the schema to this version's; a newer one is refused, never misread. */
function migrate(db: Database.Database, file: string): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > JOURNAL_SCHEMA_VERSION)
    throw new JournalError(
      `The data file ${file} was written by a newer paycontracts (schema ${version}; this one reads up to ${JOURNAL_SCHEMA_VERSION}); upgrade paycontracts, or name a new file.`,
    );
  if (version === 0) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n > 0)
      throw new JournalError(`${file} is an SQLite database, but not a sandbox data file; name a new file.`);
  }
  db.transaction(() => {
    for (let next = version; next < JOURNAL_SCHEMA_VERSION; next++) db.exec(MIGRATIONS[next] as string);
    db.pragma(`user_version = ${JOURNAL_SCHEMA_VERSION}`);
  })();
}
