#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <QVariant>

#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace confab::relay {

// One prepared statement run on SQLite's own API, for the few statements the relay runs for every
// message it stores. Through QtSql each of them cost more than SQLite's own work: Qt 6.4's
// QSqlResult::bindValue names every positional placeholder with QString::arg, and every value
// travels as a QVariant. Bound text and bytes are not copied: they must stay alive until run() or
// the last next() returns; both reset the statement and clear its bindings when it is done.
class SqliteDirectStatement
{
public:
    // Prepares `sql` on `db`; isValid() says whether that worked, error() why not.
    SqliteDirectStatement(sqlite3 *db, const char *sql);
    ~SqliteDirectStatement();
    SqliteDirectStatement(const SqliteDirectStatement &) = delete;
    SqliteDirectStatement &operator=(const SqliteDirectStatement &) = delete;

    bool isValid() const { return m_statement != nullptr; }

    // Parameters count from 1, as in the SQL (`?` in order).
    void bindInt(int index, qint64 value);
    void bindOptionalInt(int index, const std::optional<qint64> &value); // NULL when absent
    // `copy`: SQLite keeps its own copy, so the value need not outlive the call.
    void bindText(int index, QStringView text, bool copy = false); // '' stays ''
    void bindTextOrNull(int index, QStringView text);               // NULL when empty
    void bindBlob(int index, const QByteArray &bytes, bool copy = false);
    // By the value's type, copied: text, bytes, integers and bools; NULL for a null QVariant.
    // Any other type makes the next run() or next() fail.
    void bind(int index, const QVariant &value);

    // Runs a statement that returns no rows. False on failure (error() says why).
    bool run();

    // Steps a query: true while it has a row to read with the column getters. After the last row,
    // or on failure (then error() is set), it is reset.
    bool next();
    qint64 intColumn(int column) const; // columns count from 0
    QString textColumn(int column) const;
    bool isNull(int column) const;
    std::optional<qint64> optionalIntColumn(int column) const;
    // Resets a query read only partly.
    void reset();

    // Why preparing, or the last run() or next(), failed; empty when it did not.
    QString error() const { return m_error; }

private:
    void fail();
    bool refuseUnbindable(); // true (and reset) when a bind() was refused

    bool m_unbindable = false;

    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
    QString m_error;
};

} // namespace confab::relay
