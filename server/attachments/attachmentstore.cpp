#include "attachmentstore.h"

#include "attachmenttype.h"
#include "relaylog.h"
#include "sqlitedatabase.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <array>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

QString newId()
{
    std::array<quint32, 4> random{};
    QRandomGenerator::system()->generate(random.begin(), random.end());
    const QByteArray bytes(reinterpret_cast<const char *>(random.data()), qsizetype(sizeof(random)));
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

void logFailure(const QString &what, const QSqlQuery &query)
{
    qCWarning(lcRelayStore).noquote() << "attachments:" << what << "failed:" << query.lastError().text();
}

} // namespace

StoreResult<std::unique_ptr<AttachmentStore>> AttachmentStore::open(const QString &dataDir, const Limits &limits)
{
    const QString directory = QDir(dataDir).filePath(u"attachments"_s);
    if (!QDir().mkpath(directory))
        return StoreError{ u"cannot create %1"_s.arg(directory) };
    auto db = SqliteDatabase::open(dataDir, u"attachments"_s);
    if (!db.ok())
        return db.error();
    std::unique_ptr<AttachmentStore> store(new AttachmentStore(std::move(db.value()), directory, limits));
    store->removeStrayFiles();
    return store;
}

AttachmentStore::AttachmentStore(std::unique_ptr<SqliteDatabase> db, const QString &directory, const Limits &limits)
    : m_db(std::move(db)), m_directory(directory), m_limits(limits)
{
    m_pruneTimer.setInterval(m_limits.pruneInterval);
    connect(&m_pruneTimer, &QTimer::timeout, this,
        [this] { pruneExpired(QDateTime::currentMSecsSinceEpoch()); });
}

AttachmentStore::~AttachmentStore() = default;

void AttachmentStore::start()
{
    m_pruneTimer.start();
}

QString AttachmentStore::filePath(const QString &id) const
{
    return m_directory + u'/' + id;
}

AttachmentStore::AddResult AttachmentStore::add(
    const QString &stream, const QString &name, const QString &uploader, const QByteArray &bytes, qint64 now)
{
    if (!protocol::isAttachmentName(name))
        return Refusal::BadName;
    if (bytes.size() > m_limits.fileLimit)
        return Refusal::TooLarge;
    const std::optional<qint64> used = usedBytes(now);
    if (!used)
        return Refusal::Failed;
    if (*used + bytes.size() > m_limits.totalQuota)
        return Refusal::QuotaFull;

    Record record;
    record.stream = stream;
    record.uploader = uploader;
    record.created = now;
    protocol::Attachment &attachment = record.attachment;
    attachment.id = newId();
    attachment.name = name;
    attachment.type = AttachmentType::detect(QByteArrayView(bytes).first(qMin<qsizetype>(bytes.size(), 64)), name);
    attachment.size = bytes.size();
    attachment.url = protocol::kAttachmentUrlPrefix + attachment.id;
    attachment.expires = now + m_limits.expiry.count();

    // QSaveFile writes beside the target and renames on commit: the file appears whole or not at all.
    QSaveFile file(filePath(attachment.id));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        qCWarning(lcRelayStore).noquote() << "attachments: writing" << file.fileName() << "failed:"
                                          << file.errorString();
        file.cancelWriting();
        return Refusal::Failed;
    }
    QSqlQuery insert(m_db->handle());
    insert.prepare(u"INSERT INTO attachments (id, stream, name, type, size, uploader, created, expires)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    for (const QVariant &value : { QVariant(attachment.id), QVariant(stream), QVariant(name), QVariant(attachment.type),
             QVariant(attachment.size), QVariant(uploader), QVariant(now), QVariant(attachment.expires) })
        insert.addBindValue(value);
    if (!insert.exec()) {
        logFailure(u"recording %1"_s.arg(attachment.id), insert);
        QFile::remove(filePath(attachment.id));
        return Refusal::Failed;
    }
    return record;
}

std::optional<AttachmentStore::Record> AttachmentStore::find(const QString &id, qint64 now)
{
    if (!protocol::isAttachmentId(id))
        return std::nullopt;
    QSqlQuery query(m_db->handle());
    query.prepare(u"SELECT stream, name, type, size, uploader, created, expires FROM attachments"
                  " WHERE id = ? AND expires > ?"_s);
    query.addBindValue(id);
    query.addBindValue(now);
    if (!query.exec()) {
        logFailure(u"reading %1"_s.arg(id), query);
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    Record record;
    record.stream = query.value(0).toString();
    record.uploader = query.value(4).toString();
    record.created = query.value(5).toLongLong();
    record.attachment = protocol::Attachment{ id, query.value(1).toString(), query.value(2).toString(),
        query.value(3).toLongLong(), protocol::kAttachmentUrlPrefix + id, query.value(6).toLongLong() };
    return record;
}

std::optional<QByteArray> AttachmentStore::read(const QString &id) const
{
    QFile file(filePath(id));
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcRelayStore).noquote() << "attachments: reading" << file.fileName() << "failed:"
                                          << file.errorString();
        return std::nullopt;
    }
    return file.readAll();
}

std::optional<qint64> AttachmentStore::usedBytes(qint64 now)
{
    QSqlQuery query(m_db->handle());
    query.prepare(u"SELECT COALESCE(SUM(size), 0) FROM attachments WHERE expires > ?"_s);
    query.addBindValue(now);
    if (!query.exec() || !query.next()) {
        logFailure(u"summing sizes"_s, query);
        return std::nullopt;
    }
    return query.value(0).toLongLong();
}

int AttachmentStore::pruneExpired(qint64 now)
{
    QSqlQuery select(m_db->handle());
    select.prepare(u"SELECT id FROM attachments WHERE expires <= ?"_s);
    select.addBindValue(now);
    if (!select.exec()) {
        logFailure(u"listing expired files"_s, select);
        return -1;
    }
    QStringList ids;
    while (select.next())
        ids.append(select.value(0).toString());
    select.finish();
    if (ids.isEmpty())
        return 0;
    // Rows first: once a row is gone nobody can be handed the file, so removing it next is safe;
    // a file left by a crash in between is a stray and goes at the next start.
    QSqlQuery remove(m_db->handle());
    remove.prepare(u"DELETE FROM attachments WHERE expires <= ?"_s);
    remove.addBindValue(now);
    if (!remove.exec()) {
        logFailure(u"deleting expired rows"_s, remove);
        return -1;
    }
    for (const QString &id : std::as_const(ids))
        QFile::remove(filePath(id));
    qCInfo(lcRelayStore) << "attachments: pruned" << ids.size() << "expired";
    Q_EMIT pruned(int(ids.size()));
    return int(ids.size());
}

// Files without a row: QSaveFile leftovers of a crash, or files whose row a prune removed just
// before a crash. Nobody can download them, so they only take space.
void AttachmentStore::removeStrayFiles()
{
    QSqlQuery query(m_db->handle());
    if (!query.exec(u"SELECT id FROM attachments"_s)) {
        logFailure(u"listing files"_s, query);
        return;
    }
    QSet<QString> known;
    while (query.next())
        known.insert(query.value(0).toString());
    const QDir directory(m_directory);
    for (const QString &name : directory.entryList(QDir::Files | QDir::Hidden | QDir::System)) {
        if (!known.contains(name))
            QFile::remove(directory.filePath(name));
    }
}

} // namespace confab::relay
