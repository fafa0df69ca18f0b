#include "sqlitestatements.h"

#include "relaylog.h"

#include <QSqlDriver>
#include <QSqlError>

#include <sqlite3.h>

namespace confab::relay {

using namespace Qt::StringLiterals;

SqliteStatements::SqliteStatements(QSqlDatabase db) : m_db(std::move(db)) {}

SqliteStatements::Active SqliteStatements::run(const QString &sql, std::initializer_list<QVariant> values)
{
    std::shared_ptr<QSqlQuery> &query = m_prepared[sql];
    if (!query) {
        auto prepared = std::make_shared<QSqlQuery>(m_db);
        prepared->setForwardOnly(true);
        if (!prepared->prepare(sql)) {
            m_lastError = prepared->lastError().text();
            m_prepared.remove(sql);
            return Active();
        }
        query = std::move(prepared);
    }
    int index = 0;
    for (const QVariant &value : values)
        query->bindValue(index++, value);
    if (!query->exec()) {
        m_lastError = query->lastError().text();
        query->finish();
        return Active();
    }
    return Active(query.get());
}

std::optional<StoreError> SqliteStatements::begin()
{
    if (auto active = run(u"BEGIN IMMEDIATE"_s); !active)
        return failure(u"starting a transaction"_s);
    return std::nullopt;
}

std::optional<StoreError> SqliteStatements::commit()
{
    if (auto active = run(u"COMMIT"_s); !active) {
        StoreError error = failure(u"committing"_s);
        rollback();
        return error;
    }
    return std::nullopt;
}

void SqliteStatements::rollback()
{
    // Not through the cache: its statements may still be mid-step after a failure.
    QSqlQuery query(m_db);
    if (!query.exec(u"ROLLBACK"_s))
        qCWarning(lcRelayStore).noquote() << "rollback failed:" << query.lastError().text();
}

StoreError SqliteStatements::failure(const QString &what) const
{
    return failure(what, m_lastError);
}

StoreError SqliteStatements::failure(const QString &what, const QString &reason) const
{
    StoreError error{u"%1 failed: %2"_s.arg(what, reason)};
    qCWarning(lcRelayStore).noquote() << error.message;
    return error;
}

sqlite3 *SqliteStatements::connection() const
{
    const QVariant handle = m_db.driver() ? m_db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    // The handle is only usable with the library that made it: a Qt whose driver carries its own
    // SQLite (built with -qt-sqlite) would hand over another library's connection.
    QSqlQuery source(m_db);
    if (!source.exec(u"SELECT sqlite_source_id()"_s) || !source.next()
        || source.value(0).toString() != QLatin1StringView(sqlite3_sourceid()))
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

SqliteDirectStatement &SqliteStatements::direct(const QString &sql, std::initializer_list<QVariant> values)
{
    std::shared_ptr<SqliteDirectStatement> &statement = m_direct[sql];
    if (!statement || !statement->isValid())
        statement = std::make_shared<SqliteDirectStatement>(connection(), sql.toUtf8().constData());
    int index = 1;
    for (const QVariant &value : values)
        statement->bind(index++, value);
    return *statement;
}

void SqliteStatements::clear()
{
    m_direct.clear();
    m_prepared.clear();
}

} // namespace confab::relay
