// LocalStore: full-text search over cached messages and notifications.
#include "localstore_p.h"
#include "searchquery.h"

#include <QStringList>

#include <algorithm>

namespace confab::client {

using namespace Qt::StringLiterals;

namespace {

// bm25 ranks each matching row with a lookup of its size: ranking every match of a common word
// (tens of thousands in a store of 100,000 messages) took a quarter of a second. So only the
// newest this many matches are ranked. A query matching fewer (nearly every query a person types
// past its first letters), or asking for more results than that, gets exactly the best of all
// its matches.
constexpr int kRankedMatches = 1000;

struct Candidate {
    qint64 rowid = 0;
    double rank = 0;
};

// One full-text index and the two statements that search it.
struct SearchIndex {
    // rowid and rank of the newest matches, newest first (bound: match, how many).
    QString candidatesSql;
    // The rows and snippets of chosen matches (bound: match, lowest and highest rowid, the
    // rowids as a JSON array).
    QString hitsSql;
    SearchHit::Kind kind;
};

const SearchIndex &messageIndex()
{
    static const SearchIndex index {
        u"SELECT rowid, rank FROM message_fts WHERE message_fts MATCH ? ORDER BY rowid DESC LIMIT ?"_s,
        u"SELECT message_fts.rowid, m.stream, m.seq, m.ts, m.sender,"
        " snippet(message_fts, 0, char(2), char(3), '…', 16)"
        " FROM message_fts JOIN messages m ON m.id = message_fts.rowid"
        " WHERE message_fts MATCH ? AND message_fts.rowid BETWEEN ? AND ? AND m.deleted = 0"
        " AND +message_fts.rowid IN (SELECT value FROM json_each(?))"_s,
        SearchHit::Kind::Message,
    };
    return index;
}

const SearchIndex &notificationIndex()
{
    static const SearchIndex index {
        u"SELECT rowid, rank FROM notification_fts WHERE notification_fts MATCH ?"
        " ORDER BY rowid DESC LIMIT ?"_s,
        u"SELECT notification_fts.rowid, n.stream, n.seq, n.ts, n.sender,"
        " snippet(notification_fts, -1, char(2), char(3), '…', 16)"
        " FROM notification_fts JOIN notifications n ON n.id = notification_fts.rowid"
        " WHERE notification_fts MATCH ? AND notification_fts.rowid BETWEEN ? AND ?"
        " AND +notification_fts.rowid IN (SELECT value FROM json_each(?))"_s,
        SearchHit::Kind::Notification,
    };
    return index;
}

} // namespace

QList<SearchHit> LocalStore::search(const QString &query, int limit) const
{
    QList<SearchHit> hits;
    if (!d->isOpen() || limit <= 0)
        return hits;
    const QString match = SearchQuery::matchExpression(query);
    if (match.isEmpty())
        return hits;
    // Messages still waiting to be indexed are found too.
    d->indexWaitingInWrite(0);

    // Each index gives its best `limit`; the merged list keeps the best `limit` of both.
    // One pass over the index reads the newest matches with their rank (bm25 counts each
    // phrase's documents once per statement, a walk of the whole doclist of a common word); the
    // best are then sorted here, and a second statement makes snippets for those alone. FTS5's
    // own ORDER BY rank over the same rows cost twice as much, and needed a first query for the
    // rowid bound. Ties keep the older message first, as FTS5's sort did.
    const int ranked = std::max(kRankedMatches, limit);
    const auto collect = [&](const SearchIndex &index) {
        QList<Candidate> candidates;
        QSqlQuery &select = d->statement(index.candidatesSql);
        if (d->run(select, { match, ranked })) {
            while (select.next())
                candidates.append({ select.value(0).toLongLong(), select.value(1).toDouble() });
        }
        select.finish();
        std::sort(candidates.begin(), candidates.end(), [](const Candidate &a, const Candidate &b) {
            return a.rank < b.rank || (a.rank == b.rank && a.rowid < b.rowid);
        });

        // A chosen match whose row is gone (never expected: a deleted message leaves the index)
        // gives its place to the next best, as the filter of a ranked query did.
        qsizetype next = 0;
        qsizetype found = 0;
        while (found < limit && next < candidates.size()) {
            const QList<Candidate> chosen = candidates.mid(next, limit - found);
            next += chosen.size();
            QStringList rowids;
            qint64 lowest = chosen.first().rowid;
            qint64 highest = lowest;
            for (const Candidate &candidate : chosen) {
                rowids.append(QString::number(candidate.rowid));
                lowest = std::min(lowest, candidate.rowid);
                highest = std::max(highest, candidate.rowid);
            }
            const QString rowidArray = u"["_s + rowids.join(u',') + u"]"_s;
            QHash<qint64, SearchHit> rows;
            QSqlQuery &rowQuery = d->statement(index.hitsSql);
            if (d->run(rowQuery, { match, lowest, highest, rowidArray })) {
                while (rowQuery.next()) {
                    SearchHit hit;
                    hit.kind = index.kind;
                    hit.stream = rowQuery.value(1).toString();
                    hit.seq = rowQuery.value(2).toLongLong();
                    hit.ts = rowQuery.value(3).toLongLong();
                    hit.sender = rowQuery.value(4).toString();
                    hit.snippet = rowQuery.value(5).toString();
                    rows.insert(rowQuery.value(0).toLongLong(), hit);
                }
            }
            rowQuery.finish();
            for (const Candidate &candidate : chosen) {
                auto it = rows.find(candidate.rowid);
                if (it == rows.end())
                    continue;
                it->rank = candidate.rank;
                hits.append(*it);
                ++found;
            }
        }
    };
    collect(messageIndex());
    collect(notificationIndex());
    std::stable_sort(
        hits.begin(), hits.end(), [](const SearchHit &a, const SearchHit &b) { return a.rank < b.rank; });
    if (hits.size() > limit)
        hits.resize(limit);
    return hits;
}

} // namespace confab::client
