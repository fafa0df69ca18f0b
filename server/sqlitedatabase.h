#pragma once

#include "storeresult.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace confab::relay {

// One QtSql connection to <data dir>/relay.db, configured for the relay (WAL, synchronous=NORMAL,
// foreign keys, a busy timeout for the other processes that write the same file) and migrated to
// the latest schema. Each store owns its own, so the relay's stores and the admin commands keep
// separate connections to one file. Closing (or destroying) it removes the connection from QtSql.
class SqliteDatabase
{
public:
    // `purpose` names the connection in QtSql's registry ("events", "accounts").
    static StoreResult<std::unique_ptr<SqliteDatabase>> open(const QString &dataDir, const QString &purpose);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase &) = delete;
    SqliteDatabase &operator=(const SqliteDatabase &) = delete;

    QSqlDatabase &handle() { return m_db; }

private:
    explicit SqliteDatabase(const QString &connectionName);
    std::optional<StoreError> configure(const QString &path);

    QString m_connectionName;
    QSqlDatabase m_db;
};

} // namespace confab::relay
