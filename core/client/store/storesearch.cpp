// LocalStore: full-text search over cached messages and notifications.
#include "localstore_p.h"
#include "searchquery.h"

#include <algorithm>

namespace confab::client {

using namespace Qt::StringLiterals;

namespace {

// bm25 ranks each matching row with a lookup of its size, and ORDER BY rank ranks every match: a
// common word in a store of 100,000 messages matches tens of thousands and took a quarter of a
// second. So only the newest this many matches are ranked: the index gives the rowid of the
// last of them newest first (which costs next to nothing), and the ranked query starts there.
// A query matching fewer (nearly every query a person types past its first letters), or asking
// for more results than that, gets exactly the best of all its matches, as before.
constexpr int kRankedMatches = 1000;

} // namespace

QList<SearchHit> LocalStore::search(const QString &query, int limit) const
{
    QList<SearchHit> hits;
    if (!d->isOpen() || limit <= 0)
        return hits;
    const QString match = SearchQuery::matchExpression(query);
    if (match.isEmpty())
        return hits;

    // Each index gives its best `limit`; the merged list keeps the best `limit` of both. ORDER BY
    // rank lets FTS5 sort by bm25 itself.
    const int ranked = std::max(kRankedMatches, limit);
    const auto collect = [&](const QString &boundSql, const QString &sql, SearchHit::Kind kind) {
        QSqlQuery &bound = d->statement(boundSql);
        qint64 lowestRowid = 0;
        if (d->run(bound, { match, ranked }) && bound.next())
            lowestRowid = bound.value(0).toLongLong();
        bound.finish();
        if (lowestRowid <= 0)
            return; // no match
        QSqlQuery &select = d->statement(sql);
        if (d->run(select, { lowestRowid, match, limit })) {
            while (select.next()) {
                SearchHit hit;
                hit.kind = kind;
                hit.stream = select.value(0).toString();
                hit.seq = select.value(1).toLongLong();
                hit.ts = select.value(2).toLongLong();
                hit.sender = select.value(3).toString();
                hit.snippet = select.value(4).toString();
                hit.rank = select.value(5).toDouble();
                hits.append(hit);
            }
        }
        select.finish();
    };
    collect(u"SELECT min(rowid) FROM (SELECT rowid FROM message_fts WHERE message_fts MATCH ?"
            " ORDER BY rowid DESC LIMIT ?)"_s,
        u"SELECT m.stream, m.seq, m.ts, m.sender,"
        " snippet(message_fts, 0, char(2), char(3), '…', 16), message_fts.rank"
        " FROM message_fts JOIN messages m ON m.id = message_fts.rowid"
        " WHERE message_fts.rowid >= ? AND message_fts MATCH ? AND m.deleted = 0"
        " ORDER BY message_fts.rank LIMIT ?"_s,
        SearchHit::Kind::Message);
    collect(u"SELECT min(rowid) FROM (SELECT rowid FROM notification_fts WHERE notification_fts MATCH ?"
            " ORDER BY rowid DESC LIMIT ?)"_s,
        u"SELECT n.stream, n.seq, n.ts, n.sender,"
        " snippet(notification_fts, -1, char(2), char(3), '…', 16), notification_fts.rank"
        " FROM notification_fts JOIN notifications n ON n.id = notification_fts.rowid"
        " WHERE notification_fts.rowid >= ? AND notification_fts MATCH ?"
        " ORDER BY notification_fts.rank LIMIT ?"_s,
        SearchHit::Kind::Notification);
    std::stable_sort(
        hits.begin(), hits.end(), [](const SearchHit &a, const SearchHit &b) { return a.rank < b.rank; });
    if (hits.size() > limit)
        hits.resize(limit);
    return hits;
}

} // namespace confab::client
