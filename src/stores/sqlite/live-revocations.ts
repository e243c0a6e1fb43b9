/**
 * SQLite revocations answered from memory, for several processes on one machine: a
 * `sqliteRevocations` store wrapped in a live view that polls a change log every `pollMs`, so a
 * request's check reads nothing (issue 14). SQLite has no push; one small read per interval per
 * process replaces one read per request.
 *
 * ```ts
 * import Database from 'better-sqlite3'
 * import { sqliteLiveRevocations } from 'tessera-session/stores/sqlite'
 *
 * const revocations = sqliteLiveRevocations(new Database('data/app.db'))
 * ```
 *
 * Triggers on the two revocation tables append every write (from any process) to the log
 * `changesTable`; the view reads the rows past its cursor. On start, and after a failed poll, it
 * takes the cursor first and reads the tables second.
 *
 * @module
 */
import { ConfigError } from '../../errors.js'
import {
  type LiveRevocations,
  liveRevocations,
  type LiveRevocationsOptions,
} from '../kit/live-revocations.js'
import { checkPositiveInteger, sqlTableName } from '../kit/options.js'
import { revocationTables } from '../kit/revocation-tables.js'
import type { SqliteDatabaseLike } from './client.js'
import { sqliteRevocationFeed } from './revocation-feed.js'
import { sqliteRevocations, type SqliteRevocationsOptions } from './revocations.js'

/** Options of {@link sqliteLiveRevocations}: the store's, the view's, the log and the poll. */
export interface SqliteLiveRevocationsOptions
  extends SqliteRevocationsOptions, LiveRevocationsOptions {
  /**
   * The change log the triggers append to: a plain identifier.
   * @default 'tessera_revoked_changes'
   */
  changesTable?: string
  /**
   * Read the log every this many milliseconds: the longest a revocation made by another process
   * takes to be seen here.
   * @default 250
   */
  pollMs?: number
}

const STORE_NAME = 'SQLite live revocation'

/**
 * Create a live revocation view on the app's better-sqlite3 database. `isRevoked` answers from
 * memory while the last poll succeeded; after a failed one it reads the tables
 * (`whenDisconnected: 'read'`) or refuses (`'refuse'`) until a poll succeeds and it has caught up.
 *
 * > [!NOTE]
 * > Put the file in WAL mode (`db.pragma('journal_mode = WAL')`) so the polls never wait for a
 * > writer. Within one process the view sees its own revocations at once; other processes' after
 * > at most `pollMs`.
 *
 * @param db - an open better-sqlite3 `Database` (never closed by the view).
 * @param options - the store's options, the view's, the log's name and the poll interval.
 * @returns a {@link LiveRevocations}, polling at once.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3'
 * import { sqliteLiveRevocations } from 'tessera-session/stores/sqlite'
 *
 * const db = new Database('data/app.db')
 * db.pragma('journal_mode = WAL')
 * const revocations = sqliteLiveRevocations(db, { pollMs: 500, purgeInterval: 3_600_000 })
 * ```
 */
export function sqliteLiveRevocations(
  db: Pick<SqliteDatabaseLike, 'prepare' | 'exec'>,
  options: SqliteLiveRevocationsOptions = {},
): LiveRevocations {
  const tables = revocationTables(STORE_NAME, options, false)
  const changes = sqlTableName(
    STORE_NAME,
    options.changesTable ?? 'tessera_revoked_changes',
    false,
    'changesTable',
  )
  if (changes.quoted === tables.handles || changes.quoted === tables.users) {
    throw new ConfigError(`${STORE_NAME} store: \`changesTable\` must differ from the other two.`)
  }
  const pollMs = checkPositiveInteger(STORE_NAME, 'pollMs', options.pollMs ?? 250)
  const store = sqliteRevocations(db, options)
  const feed = sqliteRevocationFeed({
    db,
    handles: tables.handles,
    users: tables.users,
    changes: changes.quoted,
    changesBase: changes.base,
    pollMs,
    pruneMs: 60_000,
    now: options.now ?? Date.now,
  })
  return liveRevocations(store, feed, options)
}
