// Folio's full-text ranking: FTS5's BM25, computed for the rows that can still be among the
// best `limit` (see ranking.c).
#ifndef FOLIO_CRANKING_H
#define FOLIO_CRANKING_H

struct sqlite3;

/// Registers the FTS5 auxiliary function `folio_rank` on the connection. Returns SQLITE_OK (0)
/// or the SQLite error code of the failure.
int folio_register_ranking(struct sqlite3 *db);

#endif
