#pragma once

#include "sqlitedirectstatement.h"
#include "storeresult.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>
#include <memory>
#include <optional>

struct sqlite3;

namespace confab::relay {

// The prepared statements of one SQLite connection, each prepared once and reused: a batch of a
// thousand appends parses its SQL once, not a thousand times. Also the transaction helpers and
// the error wording every store method shares.
class SqliteStatements
{
public:
    // An executed statement. Resets it when it goes out of scope: a SELECT left active would keep
    // its read transaction open and pin the WAL.
    class Active
    {
    public:
        explicit Active(QSqlQuery *query = nullptr) : m_query(query) {}
        ~Active()
        {
            if (m_query)
                m_query->finish();
        }
        Active(Active &&other) noexcept : m_query(std::exchange(other.m_query, nullptr)) {}
        Active(const Active &) = delete;
        Active &operator=(const Active &) = delete;
        Active &operator=(Active &&) = delete;

        explicit operator bool() const { return m_query != nullptr; }
        QSqlQuery *operator->() const { return m_query; }
        QSqlQuery &operator*() const { return *m_query; }

    private:
        QSqlQuery *m_query;
    };

    explicit SqliteStatements(QSqlDatabase db);

    // Binds `values` in order and executes the statement for `sql`, preparing it on first use.
    // A false Active on failure; failure() then says why.
    Active run(const QString &sql, std::initializer_list<QVariant> values = {});

    // BEGIN IMMEDIATE takes the write lock up front, so two writers cannot both read and then
    // deadlock upgrading their locks.
    std::optional<StoreError> begin();
    std::optional<StoreError> commit();
    void rollback();

    // The last failure of run(), begin() or commit(), as an error about `what` (also logged).
    StoreError failure(const QString &what) const;
    // The same for a failure SQLite explained as `reason` (a SqliteDirectStatement's error()).
    StoreError failure(const QString &what, const QString &reason) const;

    // The connection's SQLite handle, for SqliteDirectStatement; nullptr if it is not SQLite's, or
    // not of the SQLite library this program links.
    sqlite3 *connection() const;

    // `sql` prepared once on SQLite's own API (for what runs on every login or message), with
    // `values` bound in order (only text, bytes and integers: see SqliteDirectStatement::bind).
    // Read it with next(); a failed preparation shows as !isValid() and error().
    SqliteDirectStatement &direct(const QString &sql, std::initializer_list<QVariant> values = {});

    // Drops every prepared statement, QtSql's and the direct ones (before the connection closes).
    void clear();

private:
    QSqlDatabase m_db;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_prepared;
    QHash<QString, std::shared_ptr<SqliteDirectStatement>> m_direct;
    QString m_lastError;
};

// A NULL of the right type for an absent optional.
template <typename T>
QVariant sqlValue(const std::optional<T> &value)
{
    return value ? QVariant::fromValue(*value) : QVariant(QMetaType::fromType<T>());
}

// A NULL for an empty string (optional text columns such as client_msg_id).
inline QVariant sqlText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

// An absent optional for a NULL column.
inline std::optional<qint64> optionalInt(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

} // namespace confab::relay
