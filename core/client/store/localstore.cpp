// LocalStore: opening, closing and batches.
#include "localstore_p.h"
#include "storeschema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>

#include <atomic>

namespace confab::client {

using namespace Qt::StringLiterals;

namespace {

std::atomic<quint64> s_connectionCounter { 0 };

} // namespace

LocalStore::LocalStore() : d(std::make_unique<Private>()) { }

LocalStore::~LocalStore()
{
    close();
}

std::optional<QString> LocalStore::open(const QString &path)
{
    close();
    if (path.isEmpty())
        return u"No file name was given for the local database."_s;
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return u"Cannot create the folder %1 for the local database."_s.arg(info.absolutePath());
    if (!info.exists()) {
        // Created here first so that it is private from the start; SQLite gives its -wal and
        // -shm files the same permissions.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return u"Cannot create the local database %1: %2"_s.arg(path, file.errorString());
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    } else if (!info.isFile()) {
        return u"The local database %1 is not a file."_s.arg(path);
    } else if (!info.isReadable() || !info.isWritable()) {
        return u"No permission to read and write the local database %1."_s.arg(path);
    }

    d->path = path;
    d->connectionName = u"confab-localstore-%1"_s.arg(s_connectionCounter.fetch_add(1));
    d->db = QSqlDatabase::addDatabase(u"QSQLITE"_s, d->connectionName);
    const auto refuse = [this](const QString &reason) {
        close();
        return std::optional<QString>(reason);
    };
    if (!d->db.isValid())
        return refuse(u"The Qt SQLite driver (QSQLITE) is not available."_s);
    d->db.setDatabaseName(path);
    // Another instance (a second window of the same account, a test) may hold the lock briefly.
    d->db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!d->db.open())
        return refuse(u"Cannot open the local database %1: %2"_s.arg(path, d->db.lastError().text()));

    // Refused before anything (even the journal mode) is written to it.
    if (auto refused = StoreSchema::check(d->db, path))
        return refuse(*refused);
    {
        QSqlQuery query(d->db);
        if (!query.exec(u"PRAGMA journal_mode=WAL"_s) || !query.next()) {
            return refuse(u"The local database %1 is damaged or is not a Confab database (%2)."_s.arg(
                path, query.lastError().text()));
        }
        query.finish();
        // A larger page cache keeps a catch-up of thousands of events from spilling mid-batch.
        for (const QString &pragma :
            { u"PRAGMA synchronous=NORMAL"_s, u"PRAGMA foreign_keys=ON"_s, u"PRAGMA cache_size=-16384"_s }) {
            if (!query.exec(pragma))
                return refuse(
                    u"Cannot configure the local database %1: %2"_s.arg(path, query.lastError().text()));
        }
    }
    if (auto error = StoreSchema::migrate(d->db, path))
        return refuse(*error);
    d->schemaVersion = StoreSchema::currentVersion();

    if (const std::optional<QString> error = d->loadState()) {
        return refuse(
            u"The local database %1 is damaged or is not a Confab database (%2)."_s.arg(path, *error));
    }
    d->lastError.clear();
    return std::nullopt;
}

bool LocalStore::isOpen() const
{
    return d->db.isOpen();
}

void LocalStore::close()
{
    if (d->connectionName.isEmpty())
        return;
    if (d->batchDepth > 0) { // an unfinished batch is still the caller's data: keep it
        d->batchDepth = 1;
        d->end();
    }
    d->statements.clear();
    d->streams.clear();
    d->dirtyStreams.clear();
    if (d->db.isOpen())
        d->db.close();
    d->db = QSqlDatabase();
    QSqlDatabase::removeDatabase(d->connectionName);
    d->connectionName.clear();
    d->schemaVersion = 0;
}

int LocalStore::currentSchemaVersion()
{
    return StoreSchema::currentVersion();
}

int LocalStore::schemaVersion() const
{
    return d->schemaVersion;
}

QString LocalStore::lastError() const
{
    return d->lastError;
}

void LocalStore::setOwnUser(const QString &userName)
{
    d->ownUser = userName;
}

void LocalStore::beginBatch()
{
    if (d->isOpen())
        d->begin();
}

bool LocalStore::commitBatch()
{
    return d->isOpen() && d->end();
}

bool LocalStore::hasUnindexedMessages() const
{
    return d->isOpen() && d->hasWaiting();
}

bool LocalStore::indexMessages(int limit)
{
    return d->isOpen() && d->indexWaitingInWrite(limit);
}

} // namespace confab::client
