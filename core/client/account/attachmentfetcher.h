#pragma once

#include "protocol/attachment.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QVariant>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace confab::client {

class Account;

// Downloads the files attached to messages and notifications, once, into a cache folder beside
// the account's local store (<data folder>/attachments/<id>.<extension>), and hands out the local
// file URL for previews. The request goes to the relay's http(s) origin (ws -> http, wss -> https,
// same host and port as the account's relay address) with the account's session token as
// `Authorization: Bearer`, through the account's proxy and honouring its pinned certificate.
// Requests for one id share one download; a failed download is reported once and not retried
// by itself (retry() asks again), so a broken file cannot cause a request storm. Files larger than
// kMaxSize are refused before and during the download. Expired attachments are not requested.
class AttachmentFetcher : public QObject
{
    Q_OBJECT

public:
    static constexpr qint64 kMaxSize = 20 * 1024 * 1024;

    explicit AttachmentFetcher(Account *account, QObject *parent = nullptr);
    ~AttachmentFetcher() override;
    // The account's shared fetcher (a child of the account, made on first use), so the chat and
    // the notification centre share downloads. Null for a null account.
    static AttachmentFetcher *forAccount(Account *account);

    // The cached file's URL (file://...), empty while it is not downloaded.
    QUrl localUrl(const protocol::Attachment &attachment) const;
    // Starts the download unless it is cached, running or failed before.
    void fetch(const protocol::Attachment &attachment);
    // Forgets an earlier failure and fetches again.
    void retry(const protocol::Attachment &attachment);
    // Plain words for the last failure of `id`, empty when none.
    QString error(const QString &id) const;
    // The relay's http(s) address for `attachment` (empty when the account's address is unusable).
    QUrl remoteUrl(const protocol::Attachment &attachment) const;
    QString cacheFolder() const;

    static bool isImage(const protocol::Attachment &attachment);

    // What a list row shows of its attachment, in the order of the chat's and the notification
    // centre's attachment roles (which map onto it by offset).
    enum class Field { Present, Name, Type, Size, SizeText, IsImage, LocalUrl, Error };
    // `fetcher` may be null (nothing downloaded, no error). Asking for the LocalUrl of an image
    // that is not here yet starts its download: images are fetched when their row is shown,
    // other files wait for a click.
    static QVariant field(AttachmentFetcher *fetcher, const std::optional<protocol::Attachment> &attachment,
                          Field field);

Q_SIGNALS:
    void fetched(const QString &id, const QUrl &localUrl);
    void failed(const QString &id, const QString &reason);

private:
    QString cachePath(const protocol::Attachment &attachment) const;
    void fail(const QString &id, const QString &reason);
    void finish(QNetworkReply *reply, const protocol::Attachment &attachment);

    QPointer<Account> m_account;
    QNetworkAccessManager *m_network = nullptr;
    QHash<QString, QNetworkReply *> m_running; // id -> its one download
    QHash<QString, QString> m_errors;          // id -> why it failed
};

} // namespace confab::client
