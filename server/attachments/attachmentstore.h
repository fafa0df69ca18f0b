#pragma once

#include "storeresult.h"

#include "protocol/attachment.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>
#include <variant>

namespace confab::relay {

class SqliteDatabase;

// Files attached to chat messages and notifications. The bytes live in <data dir>/attachments/<id>
// (id: 128 random bits, base64url), the metadata in the relay's SQLite database (table
// `attachments`, schema version 4) with its stream, so that a download needs Read access to that
// stream. A file is written to a temporary file and renamed into place before its row is added:
// a failed upload leaves nothing behind. Limits: one file at most `fileLimit` bytes, all unexpired
// files together at most `totalQuota`; each expires `expiry` after its upload and a prune every
// `pruneInterval` deletes expired rows and files (an expired one is already gone for readers).
class AttachmentStore : public QObject
{
    Q_OBJECT

public:
    struct Limits {
        qint64 fileLimit = 0;
        qint64 totalQuota = 0;
        std::chrono::milliseconds expiry{ 0 };
        std::chrono::milliseconds pruneInterval{ 0 };
    };

    // An attachment as the store keeps it.
    struct Record {
        protocol::Attachment attachment;
        QString stream;
        QString uploader;
        qint64 created = 0;
    };

    enum class Refusal {
        TooLarge,  // over fileLimit
        QuotaFull, // the unexpired files and this one would exceed totalQuota
        BadName,   // not a usable file name
        Failed,    // disk or database error (logged)
    };
    using AddResult = std::variant<Record, Refusal>;

    static StoreResult<std::unique_ptr<AttachmentStore>> open(const QString &dataDir, const Limits &limits);
    ~AttachmentStore() override;

    // Stores the file; `now` in ms since the Unix epoch.
    AddResult add(const QString &stream, const QString &name, const QString &uploader, const QByteArray &bytes,
        qint64 now);
    // The unexpired attachment, or nothing (unknown, expired, or the store failed: logged).
    std::optional<Record> find(const QString &id, qint64 now);
    // The file's bytes; nothing when it cannot be read.
    std::optional<QByteArray> read(const QString &id) const;
    QString filePath(const QString &id) const;
    // Bytes the unexpired attachments take; nothing when the store failed.
    std::optional<qint64> usedBytes(qint64 now);

    // Deletes expired attachments (rows and files); returns how many went, -1 on a store error.
    int pruneExpired(qint64 now);
    // Starts the prune timer.
    void start();

    const Limits &limits() const { return m_limits; }

Q_SIGNALS:
    void pruned(int count);

private:
    AttachmentStore(std::unique_ptr<SqliteDatabase> db, const QString &directory, const Limits &limits);
    void removeStrayFiles();

    std::unique_ptr<SqliteDatabase> m_db;
    QString m_directory;
    Limits m_limits;
    QTimer m_pruneTimer;
};

} // namespace confab::relay
