/**
 * The better-sqlite3 database the SQLite stores take, declared structurally ("the subset we
 * need"), so tessera never imports the driver. The session store needs transactions; the
 * revocation and throttle stores only statements (`Pick<SqliteDatabaseLike, 'prepare' | 'exec'>`).
 *
 * Not a public entry point: `tessera-session/stores/sqlite` re-exports the types.
 *
 * @module
 */

/** The subset of a better-sqlite3 `Statement` the stores use. */
export interface SqliteStatementLike {
  run(...params: unknown[]): { changes: number }
  get(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
}

/** The subset of a better-sqlite3 `Database` the stores use (better-sqlite3 ≥ 11). */
export interface SqliteDatabaseLike {
  prepare(sql: string): SqliteStatementLike
  exec(sql: string): unknown
  transaction<F extends (...args: never[]) => unknown>(
    fn: F,
  ): { immediate(...args: F extends (...args: infer A) => unknown ? A : never): ReturnType<F> }
}
