// folio_rank(fts, limit, weight...): the same score as FTS5's bm25(fts, weight...), the same
// doubles computed in the same order, for every row that can still be among the `limit` best of
// its query. A row's BM25 needs its length (a lookup in the index's docsize table, two thirds of
// the cost of ranking a common word); its score can only be as good as the score it would have
// with the shortest length its hits allow, which needs no lookup: a hit at token `offset` of a
// column means the column holds at least `offset + 1` tokens, so the row holds at least the sum
// over its columns of the furthest hit plus one (a title hit alone allows a length of 1; a body
// hit near the end of a long article allows almost its whole length). So once `limit` rows have
// been scored, a row whose best possible score does not beat the worst of the best `limit` so
// far is answered with that bound instead: it sorts after every row kept, so `ORDER BY score
// LIMIT limit` keeps the same rows with the same scores (short of exact ties at the limit, which
// BM25 orders arbitrarily anyway). Scores are negative: lower is better, as bm25's.
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "CRanking.h"

// Columns whose hits bound the row's length (a column beyond them only makes the bound looser).
#define FOLIO_RANK_COLUMNS 16

static const double k1 = 1.2;
static const double b = 0.75;

// What a query keeps from row to row (FTS5 auxiliary data, one per query).
struct ranking {
    int phrases;
    double average_length;
    double *idf;          // per phrase
    double *frequency;    // per phrase, for the current row
    int limit;            // how many rows the query keeps (0: score every row)
    int kept;             // scores in `best`
    double *best;         // a max-heap of the `kept` best scores so far: best[0] is the worst
    sqlite3_int64 last_rowid;
    int has_last;
    double last_score;
};

static void ranking_free(void *pointer) {
    struct ranking *ranking = pointer;
    if (ranking == NULL) return;
    free(ranking->best);
    free(ranking);
}

static int count_rows(const Fts5ExtensionApi *api, Fts5Context *fts, void *user) {
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)user)++;
    return SQLITE_OK;
}

// The query's ranking data, made on the first row: IDF per phrase and the average length, as
// bm25 computes them.
static int ranking_get(const Fts5ExtensionApi *api, Fts5Context *fts, int limit, struct ranking **out) {
    struct ranking *ranking = api->xGetAuxdata(fts, 0);
    if (ranking != NULL) {
        *out = ranking;
        return SQLITE_OK;
    }
    int phrases = api->xPhraseCount(fts);
    ranking = calloc(1, sizeof(struct ranking) + (size_t)phrases * 2 * sizeof(double));
    if (ranking == NULL) return SQLITE_NOMEM;
    ranking->phrases = phrases;
    ranking->idf = (double *)&ranking[1];
    ranking->frequency = &ranking->idf[phrases];
    ranking->limit = limit > 0 ? limit : 0;
    if (ranking->limit > 0) {
        ranking->best = malloc((size_t)ranking->limit * sizeof(double));
        if (ranking->best == NULL) {
            ranking_free(ranking);
            return SQLITE_NOMEM;
        }
    }
    sqlite3_int64 rows = 0;
    sqlite3_int64 tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
    if (rc == SQLITE_OK) ranking->average_length = (double)tokens / (double)rows;
    for (int i = 0; rc == SQLITE_OK && i < phrases; i++) {
        sqlite3_int64 hits = 0;
        rc = api->xQueryPhrase(fts, i, &hits, count_rows);
        if (rc == SQLITE_OK) {
            double idf = log((rows - hits + 0.5) / (hits + 0.5));
            ranking->idf[i] = idf <= 0.0 ? 1e-6 : idf;
        }
    }
    if (rc == SQLITE_OK) rc = api->xSetAuxdata(fts, ranking, ranking_free);
    else ranking_free(ranking);
    if (rc != SQLITE_OK) return rc;
    *out = ranking;
    return SQLITE_OK;
}

// BM25 of the current row for a length of `length` tokens, as bm25 sums it.
static double score_for(const struct ranking *ranking, double length) {
    double score = 0.0;
    for (int i = 0; i < ranking->phrases; i++) {
        double f = ranking->frequency[i];
        score += ranking->idf[i] * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * length / ranking->average_length)));
    }
    return -1.0 * score;
}

static void heap_down(double *heap, int count, int at) {
    for (;;) {
        int left = 2 * at + 1, right = left + 1, largest = at;
        if (left < count && heap[left] > heap[largest]) largest = left;
        if (right < count && heap[right] > heap[largest]) largest = right;
        if (largest == at) return;
        double swap = heap[at];
        heap[at] = heap[largest];
        heap[largest] = swap;
        at = largest;
    }
}

static void heap_push(double *heap, int count, double value) {
    int at = count;
    heap[at] = value;
    while (at > 0) {
        int parent = (at - 1) / 2;
        if (heap[parent] >= heap[at]) return;
        double swap = heap[at];
        heap[at] = heap[parent];
        heap[parent] = swap;
        at = parent;
    }
}

static void folio_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int count, sqlite3_value **values) {
    int limit = count > 0 ? sqlite3_value_int(values[0]) : 0;
    struct ranking *ranking = NULL;
    int rc = ranking_get(api, fts, limit, &ranking);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    // The same row asked twice (an expression evaluated again) gets the same answer, and
    // counts once among the best.
    sqlite3_int64 rowid = api->xRowid(fts);
    if (ranking->has_last && ranking->last_rowid == rowid) {
        sqlite3_result_double(context, ranking->last_score);
        return;
    }
    memset(ranking->frequency, 0, sizeof(double) * (size_t)ranking->phrases);
    int instances = 0;
    // The fewest tokens the row can hold: per column, the furthest hit's offset plus one.
    int reach[FOLIO_RANK_COLUMNS] = {0};
    rc = api->xInstCount(fts, &instances);
    for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
        int phrase, column, offset;
        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK) {
            double weight = (count - 1 > column) ? sqlite3_value_double(values[column + 1]) : 1.0;
            ranking->frequency[phrase] += weight;
            if (column >= 0 && column < FOLIO_RANK_COLUMNS && offset + 1 > reach[column]) reach[column] = offset + 1;
        }
    }
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    double score;
    int full = ranking->limit > 0 && ranking->kept == ranking->limit;
    double bound = 0.0;
    if (full) {
        double shortest = 0.0;
        for (int column = 0; column < FOLIO_RANK_COLUMNS; column++) shortest += reach[column];
        bound = score_for(ranking, shortest);
    }
    if (full && bound >= ranking->best[0]) {
        score = bound;  // cannot be among the best: no length needed
    } else {
        int length = 0;
        rc = api->xColumnSize(fts, -1, &length);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(context, rc);
            return;
        }
        score = score_for(ranking, (double)length);
        if (ranking->limit > 0) {
            if (!full) {
                heap_push(ranking->best, ranking->kept, score);
                ranking->kept++;
            } else if (score < ranking->best[0]) {
                ranking->best[0] = score;
                heap_down(ranking->best, ranking->kept, 0);
            }
        }
    }
    ranking->last_rowid = rowid;
    ranking->has_last = 1;
    ranking->last_score = score;
    sqlite3_result_double(context, score);
}

int folio_register_ranking(struct sqlite3 *db) {
    fts5_api *fts = NULL;
    sqlite3_stmt *statement = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_pointer(statement, 1, (void *)&fts, "fts5_api_ptr", NULL);
    rc = sqlite3_step(statement);
    sqlite3_finalize(statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return rc;
    if (fts == NULL || fts->iVersion < 2) return SQLITE_ERROR;
    return fts->xCreateFunction(fts, "folio_rank", NULL, folio_rank, NULL);
}
