#include "sqlitedatabase.h"

#include "sqlitemigrations.h"

#include <QDir>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

std::atomic<quint64> s_connectionCounter { 0 };

} // namespace

SqliteDatabase::SqliteDatabase(const QString &connectionName)
    : m_connectionName(connectionName)
    , m_db(QSqlDatabase::addDatabase(u"QSQLITE"_s, connectionName))
{
}

SqliteDatabase::~SqliteDatabase()
{
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
}

StoreResult<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const QString &dataDir, const QString &purpose)
{
    if (!QDir().mkpath(dataDir))
        return StoreError { u"cannot create the data folder %1"_s.arg(dataDir) };
    const QString name = u"confab-relay-%1-%2"_s.arg(purpose).arg(s_connectionCounter.fetch_add(1));
    std::unique_ptr<SqliteDatabase> database(new SqliteDatabase(name));
    if (auto error = database->configure(QDir(dataDir).filePath(u"relay.db"_s)))
        return *error;
    if (auto error = SqliteMigrations::migrate(database->m_db))
        return *error;
    return database;
}

std::optional<StoreError> SqliteDatabase::configure(const QString &path)
{
    if (!m_db.isValid())
        return StoreError { u"the Qt SQLite driver (QSQLITE) is not available"_s };
    m_db.setDatabaseName(path);
    // The relay and the admin commands write the same file: wait for each other's locks.
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!m_db.open())
        return StoreError { u"cannot open %1: %2"_s.arg(path, m_db.lastError().text()) };

    QSqlQuery query(m_db);
    if (!query.exec(u"PRAGMA journal_mode=WAL"_s) || !query.next()
        || query.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0) {
        return StoreError { u"cannot switch %1 to WAL mode: %2"_s.arg(path, query.lastError().text()) };
    }
    for (const QString &pragma : { u"PRAGMA synchronous=NORMAL"_s, u"PRAGMA foreign_keys=ON"_s }) {
        if (!query.exec(pragma))
            return StoreError { u"%1 failed: %2"_s.arg(pragma, query.lastError().text()) };
    }
    return std::nullopt;
}

} // namespace confab::relay
