#include "notificationactionrunner.h"

#include "protocol/notificationframes.h"

#include <QDesktopServices>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace confab::app {

using namespace Qt::StringLiterals;
namespace proto = confab::protocol;

namespace {
constexpr int kHttpTimeoutMs = 15000;

bool isWebUrl(const QUrl &url)
{
    return url.isValid() && (url.scheme() == "http"_L1 || url.scheme() == "https"_L1) && !url.host().isEmpty();
}
} // namespace

NotificationActionRunner::NotificationActionRunner(QObject *parent)
    : QObject(parent)
    , m_opener([](const QUrl &url) { return QDesktopServices::openUrl(url); })
    , m_network(new QNetworkAccessManager(this))
{
}

NotificationActionRunner::~NotificationActionRunner() = default;

void NotificationActionRunner::setUrlOpener(UrlOpener opener)
{
    m_opener = std::move(opener);
}

bool NotificationActionRunner::open(const QUrl &url)
{
    if (!isWebUrl(url)) {
        Q_EMIT failed(tr("This notification's link cannot be opened."));
        return false;
    }
    if (!m_opener || !m_opener(url)) {
        Q_EMIT failed(tr("No browser could open %1.").arg(url.toDisplayString()));
        return false;
    }
    return true;
}

bool NotificationActionRunner::run(const proto::NotificationAction &action)
{
    const QUrl url(action.url);
    if (action.action == proto::NotificationActionKind::View)
        return open(url);
    if (!isWebUrl(url)) {
        Q_EMIT failed(tr("The action \"%1\" has no web address to call.").arg(action.label));
        return false;
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(kHttpTimeoutMs);
    for (auto it = action.headers.cbegin(); it != action.headers.cend(); ++it)
        request.setRawHeader(it.key().toUtf8(), it.value().toUtf8());
    const QByteArray verb = proto::httpMethodName(action.method).toUpper().toLatin1();
    QNetworkReply *reply = m_network->sendCustomRequest(request, verb, action.body.toUtf8());
    const QString label = action.label;
    connect(reply, &QNetworkReply::finished, this, [this, reply, label] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError && status == 0) {
            Q_EMIT failed(tr("The action \"%1\" failed: the server could not be reached.").arg(label));
            return;
        }
        if (status >= 400) {
            Q_EMIT failed(tr("The action \"%1\" failed: the server answered %2.").arg(label).arg(status));
            return;
        }
        Q_EMIT finished(label, status);
    });
    return true;
}

} // namespace confab::app
