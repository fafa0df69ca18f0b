#include "attachmentfetcher.h"

#include "account.h"
#include "client/tlstrust.h"
#include "signin.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSslError>

#include <chrono>
#include <memory>

namespace confab::client {

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr auto kTransferTimeout = 60s;

QString sizeWords(qint64 bytes)
{
    return QLocale::system().formattedDataSize(bytes);
}

} // namespace

AttachmentFetcher::AttachmentFetcher(Account *account, QObject *parent)
    : QObject(parent), m_account(account), m_network(new QNetworkAccessManager(this))
{
    // Never follow a redirect: it would carry the session token to wherever it points.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

AttachmentFetcher::~AttachmentFetcher()
{
    // Replies are children of m_network; make sure none reports into a half-destroyed object.
    for (QNetworkReply *reply : std::as_const(m_running)) {
        reply->disconnect(this);
        reply->abort();
    }
}

AttachmentFetcher *AttachmentFetcher::forAccount(Account *account)
{
    if (!account)
        return nullptr;
    if (auto *existing = account->findChild<AttachmentFetcher *>(QString(), Qt::FindDirectChildrenOnly))
        return existing;
    return new AttachmentFetcher(account, account);
}

bool AttachmentFetcher::isImage(const protocol::Attachment &attachment)
{
    return attachment.type.startsWith(u"image/"_s, Qt::CaseInsensitive);
}

QVariant AttachmentFetcher::field(AttachmentFetcher *fetcher, const std::optional<protocol::Attachment> &a,
                                  Field field)
{
    switch (field) {
    case Field::Present:
        return a.has_value();
    case Field::Name:
        return a ? a->name : QString();
    case Field::Type:
        return a ? a->type : QString();
    case Field::Size:
        return a ? a->size : qint64(0);
    case Field::SizeText:
        return a ? QLocale().formattedDataSize(a->size) : QString();
    case Field::IsImage:
        return a && isImage(*a);
    case Field::LocalUrl: {
        if (!a || !fetcher)
            return QUrl();
        const QUrl url = fetcher->localUrl(*a);
        if (url.isEmpty() && isImage(*a))
            fetcher->fetch(*a);
        return url;
    }
    case Field::Error:
        return a && fetcher ? fetcher->error(a->id) : QString();
    }
    return {};
}

QString AttachmentFetcher::cacheFolder() const
{
    return m_account ? QDir(m_account->dataFolder()).filePath(u"attachments"_s) : QString();
}

QString AttachmentFetcher::cachePath(const protocol::Attachment &attachment) const
{
    if (!m_account || !protocol::isAttachmentId(attachment.id))
        return {};
    // The extension helps image readers and the system's "open with"; the id keeps names unique
    // and safe (it is url-safe by the protocol's rules).
    static const QRegularExpression simpleSuffix(u"^[A-Za-z0-9]{1,8}$"_s);
    const QString suffix = QFileInfo(attachment.name).suffix();
    QString file = attachment.id;
    if (simpleSuffix.match(suffix).hasMatch())
        file += u'.' + suffix.toLower();
    return QDir(cacheFolder()).filePath(file);
}

QUrl AttachmentFetcher::localUrl(const protocol::Attachment &attachment) const
{
    const QString path = cachePath(attachment);
    if (path.isEmpty() || !QFileInfo::exists(path))
        return {};
    return QUrl::fromLocalFile(path);
}

QString AttachmentFetcher::error(const QString &id) const
{
    return m_errors.value(id);
}

QUrl AttachmentFetcher::remoteUrl(const protocol::Attachment &attachment) const
{
    if (!m_account || !protocol::isAttachmentId(attachment.id))
        return {};
    QUrl url = m_account->settings().relayUrl;
    const QString scheme = url.scheme().toLower();
    if (scheme == u"ws"_s || scheme == u"http"_s)
        url.setScheme(u"http"_s);
    else if (scheme == u"wss"_s || scheme == u"https"_s)
        url.setScheme(u"https"_s);
    else
        return {};
    // A relay behind a path prefix (https://host/confab/v1/ws) serves its HTTP API under it too.
    QString prefix = url.path();
    if (prefix.endsWith(u"/v1/ws"_s))
        prefix.chop(6);
    else
        prefix.clear();
    url.setPath(prefix + protocol::kAttachmentUrlPrefix + attachment.id);
    url.setQuery(QString());
    url.setFragment(QString());
    url.setUserInfo(QString());
    return url;
}

void AttachmentFetcher::retry(const protocol::Attachment &attachment)
{
    m_errors.remove(attachment.id);
    fetch(attachment);
}

void AttachmentFetcher::fail(const QString &id, const QString &reason)
{
    m_errors.insert(id, reason);
    // Queued: fetch() runs inside a model's data(), where a synchronous dataChanged would re-enter
    // the view.
    QMetaObject::invokeMethod(this, [this, id, reason] { Q_EMIT failed(id, reason); }, Qt::QueuedConnection);
}

void AttachmentFetcher::fetch(const protocol::Attachment &attachment)
{
    const QString id = attachment.id;
    if (!m_account || m_running.contains(id) || m_errors.contains(id))
        return;
    if (!localUrl(attachment).isEmpty())
        return;
    const QUrl url = remoteUrl(attachment);
    if (url.isEmpty())
        return fail(id, u"The relay address does not allow downloading files."_s);
    if (attachment.size > kMaxSize) {
        return fail(id, u"%1 is too large to download in the app (%2; at most %3)."_s.arg(
                            attachment.name, sizeWords(attachment.size), sizeWords(kMaxSize)));
    }
    if (attachment.expires > 0 && attachment.expires < QDateTime::currentMSecsSinceEpoch())
        return fail(id, u"%1 has expired on the relay."_s.arg(attachment.name));
    const QString token = m_account->signIn()->sessionToken();
    if (token.isEmpty())
        return fail(id, u"Not signed in: cannot download %1."_s.arg(attachment.name));
    if (!QDir().mkpath(cacheFolder()))
        return fail(id, u"Cannot create the attachment folder %1."_s.arg(QDir::toNativeSeparators(cacheFolder())));

    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setTransferTimeout(int(std::chrono::milliseconds(kTransferTimeout).count()));
    m_network->setProxy(m_account->engine()->proxy());
    QNetworkReply *reply = m_network->get(request);
    m_running.insert(id, reply);

    const QByteArray pin = m_account->engine()->pinnedCertificate();
    connect(reply, &QNetworkReply::sslErrors, this, [reply, pin](const QList<QSslError> &errors) {
        // The certificate the user chose to trust for this account is trusted here too.
        if (!pin.isEmpty() && TlsTrust::sha256(TlsTrust::leafCertificate(errors)) == pin)
            reply->ignoreSslErrors(errors);
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [reply](qint64 received, qint64 total) {
        if (received > kMaxSize || total > kMaxSize)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, attachment] { finish(reply, attachment); });
}

void AttachmentFetcher::finish(QNetworkReply *reply, const protocol::Attachment &attachment)
{
    reply->deleteLater();
    m_running.remove(attachment.id);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::OperationCanceledError) {
        return fail(attachment.id, u"%1 is too large to download in the app (at most %2)."_s.arg(
                                       attachment.name, sizeWords(kMaxSize)));
    }
    if (status == 404 || status == 410)
        return fail(attachment.id, u"%1 is no longer on the relay."_s.arg(attachment.name));
    if (status == 401 || status == 403)
        return fail(attachment.id, u"The relay refused to hand out %1."_s.arg(attachment.name));
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        return fail(attachment.id,
            u"Could not download %1: %2"_s.arg(attachment.name, reply->errorString()));
    }
    const QByteArray body = reply->readAll();
    if (body.size() > kMaxSize) {
        return fail(attachment.id, u"%1 is too large to download in the app (at most %2)."_s.arg(
                                       attachment.name, sizeWords(kMaxSize)));
    }
    // Written whole or not at all: a half-written file would pass for a cached one.
    const QString path = cachePath(attachment);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(body) != body.size() || !file.commit()) {
        return fail(attachment.id,
            u"Cannot save %1 in %2."_s.arg(attachment.name, QDir::toNativeSeparators(cacheFolder())));
    }
    Q_EMIT fetched(attachment.id, QUrl::fromLocalFile(path));
}

} // namespace confab::client
