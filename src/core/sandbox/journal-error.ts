/**
 * A data file (`--data`) the sandbox cannot use: another process holds it, a newer version wrote it, it is not a
 * sandbox's. The message says why and what to do. Apart from the journal, so reading it loads no SQLite.
 */
export class JournalError extends Error {
  override name = 'JournalError';
}
