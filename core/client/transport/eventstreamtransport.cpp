#include "eventstreamtransport.h"

#include "client/tlstrust.h"

#include <QAuthenticator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>

namespace confab::client {

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcEventStream, "confab.client.eventstream", QtInfoMsg)

namespace {

// One POST carries every frame queued while the previous one was under way, up to about this
// size (a single frame may be larger: it goes alone). The relay bounds a POST's body.
constexpr qsizetype kMaxPostBody = 64 * 1024;
constexpr int kCloseAbnormal = 1006;
constexpr int kCloseTooMuchData = 1009;
const QByteArray kSessionHeader = "X-Confab-Session"_ba;

} // namespace

EventStreamTransport::EventStreamTransport(QObject *parent)
    : Transport(parent), m_network(new QNetworkAccessManager(this))
{
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    connect(m_network, &QNetworkAccessManager::sslErrors, this, &EventStreamTransport::onSslErrors);
    connect(m_network, &QNetworkAccessManager::proxyAuthenticationRequired, this,
            &EventStreamTransport::onProxyAuthentication);
}

EventStreamTransport::~EventStreamTransport()
{
    abort();
}

void EventStreamTransport::setProxy(const QNetworkProxy &proxy)
{
    m_proxy = proxy;
    // DefaultProxy: the application's proxy, as the WebSocket does.
    if (proxy.type() != QNetworkProxy::DefaultProxy)
        m_network->setProxy(proxy);
}

void EventStreamTransport::setPinnedCertificate(const QByteArray &sha256)
{
    m_pinned = sha256;
}

QString EventStreamTransport::kind() const
{
    return u"event-stream"_s;
}

QUrl EventStreamTransport::httpUrl(const QUrl &relayUrl, const QString &path)
{
    QUrl url;
    const bool secure = relayUrl.scheme() == "wss"_L1 || relayUrl.scheme() == "https"_L1;
    url.setScheme(secure ? u"https"_s : u"http"_s);
    url.setHost(relayUrl.host());
    if (relayUrl.port() != -1)
        url.setPort(relayUrl.port());
    url.setPath(path);
    return url;
}

QNetworkRequest EventStreamTransport::request(const QString &path) const
{
    QNetworkRequest request(httpUrl(m_relayUrl, path));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setRawHeader("Cache-Control", "no-store");
    request.setTransferTimeout(0); // the stream lives as long as the session; the watchdog judges it
    return request;
}

void EventStreamTransport::open(const QUrl &relayUrl)
{
    abort();
    m_relayUrl = relayUrl;
    m_over = false;
    m_open = false;
    m_parser = SseParser();
    m_session.clear();
    m_queue.clear();
    m_pingWanted = false;
    m_proxyCredentialsOffered = false;
    QNetworkRequest get = request(u"/v1/events"_s);
    get.setRawHeader("Accept", "text/event-stream");
    qCDebug(lcEventStream) << "opening" << get.url();
    m_stream = m_network->get(get);
    connect(m_stream, &QNetworkReply::metaDataChanged, this, &EventStreamTransport::onStreamMetaData);
    connect(m_stream, &QNetworkReply::readyRead, this, &EventStreamTransport::onStreamReadyRead);
    connect(m_stream, &QNetworkReply::finished, this, &EventStreamTransport::onStreamFinished);
}

void EventStreamTransport::sendFrame(const QByteArray &frame)
{
    if (m_over || !m_open)
        return;
    m_queue.append(frame);
    postNext();
}

void EventStreamTransport::ping()
{
    if (m_over || !m_open)
        return;
    m_pingWanted = true;
    postNext();
}

void EventStreamTransport::abort()
{
    m_over = true;
    m_open = false;
    for (QNetworkReply *reply : {m_stream.data(), m_post.data()}) {
        if (!reply)
            continue;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
    m_stream = nullptr;
    m_post = nullptr;
}

void EventStreamTransport::onStreamMetaData()
{
    if (!m_stream)
        return;
    const int status = m_stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray type = m_stream->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (status == 200 && type.trimmed().toLower().startsWith("text/event-stream"))
        return;
    failWith(u"GET /v1/events answered HTTP %1 (%2)"_s.arg(status).arg(QString::fromLatin1(type)));
}

void EventStreamTransport::onStreamReadyRead()
{
    if (!m_stream)
        return;
    const QByteArray bytes = m_stream->readAll();
    if (bytes.isEmpty())
        return;
    Q_EMIT activity();
    const QList<SseParser::Event> events = m_parser.feed(bytes);
    for (const SseParser::Event &event : events) {
        if (m_over)
            return;
        onEvent(event);
    }
    if (m_parser.hasError() && !m_over)
        failWith(u"the event stream sent an event larger than the limit"_s);
}

void EventStreamTransport::onStreamFinished()
{
    if (m_over || !m_stream)
        return;
    const QString detail = m_stream->errorString();
    const bool wasOpen = m_open;
    m_stream->deleteLater();
    m_stream = nullptr;
    if (wasOpen)
        end(kCloseAbnormal, {}); // the stream ended without the relay's close event
    else
        failWith(u"the event stream ended before its session began: %1"_s.arg(detail));
}

void EventStreamTransport::onEvent(const SseParser::Event &event)
{
    if (event.name.isEmpty() || event.name == "message") {
        if (!m_open) {
            qCWarning(lcEventStream) << "ignoring a frame before the session event";
            return;
        }
        Q_EMIT frameReceived(event.data);
        return;
    }
    const QJsonObject object = QJsonDocument::fromJson(event.data).object();
    if (event.name == "session") {
        const QString session = object.value("session"_L1).toString();
        if (m_open || session.isEmpty()) {
            failWith(u"the relay's session event is not usable"_s);
            return;
        }
        m_session = session.toLatin1();
        m_heartbeatMs = object.value("heartbeat_ms"_L1).toInt();
        m_open = true;
        Q_EMIT connected();
    } else if (event.name == "ping") {
        ping();
    } else if (event.name == "close") {
        end(object.value("code"_L1).toInt(kCloseAbnormal), object.value("reason"_L1).toString());
    } else {
        qCDebug(lcEventStream) << "ignoring an event named" << event.name;
    }
}

void EventStreamTransport::postNext()
{
    if (m_post || m_over || !m_open || (m_queue.isEmpty() && !m_pingWanted))
        return;
    QByteArray body;
    while (!m_queue.isEmpty() && (body.isEmpty() || body.size() + m_queue.first().size() < kMaxPostBody)) {
        if (!body.isEmpty())
            body.append('\n');
        body.append(m_queue.takeFirst());
    }
    m_pingWanted = false; // any POST answers a ping
    QNetworkRequest post = request(u"/v1/frames"_s);
    post.setRawHeader(kSessionHeader, m_session);
    post.setHeader(QNetworkRequest::ContentTypeHeader, u"application/x-ndjson"_s);
    QNetworkReply *reply = m_network->post(post, body);
    m_post = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onPostFinished(reply); });
}

void EventStreamTransport::onPostFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_post || m_over)
        return;
    m_post = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300) {
        Q_EMIT activity();
        postNext();
        return;
    }
    if (status == 413) {
        // As over WebSocket (close 1009): the engine drops the request the relay refuses.
        end(kCloseTooMuchData, u"message too large"_s);
        return;
    }
    if (status == 404) {
        end(kCloseAbnormal, {}); // the relay ended the session; the stream ends with it
        return;
    }
    failWith(u"POST /v1/frames answered HTTP %1: %2"_s.arg(status).arg(reply->errorString()));
}

void EventStreamTransport::onSslErrors(QNetworkReply *reply, const QList<QSslError> &errors)
{
    // The same rule as the WebSocket's: only the pinned certificate, only its own errors.
    const QSslCertificate leaf
        = TlsTrust::leafCertificate(errors, reply->sslConfiguration().peerCertificateChain());
    if (!m_pinned.isEmpty() && TlsTrust::sha256(leaf) == m_pinned)
        reply->ignoreSslErrors(errors);
}

void EventStreamTransport::onProxyAuthentication(const QNetworkProxy &, QAuthenticator *authenticator)
{
    if (m_proxyCredentialsOffered || m_proxy.user().isEmpty())
        return;
    m_proxyCredentialsOffered = true;
    authenticator->setUser(m_proxy.user());
    authenticator->setPassword(m_proxy.password());
}

void EventStreamTransport::end(int code, const QString &reason)
{
    if (m_over)
        return;
    abort();
    Q_EMIT disconnected(code, reason);
}

void EventStreamTransport::failWith(const QString &detail)
{
    if (m_over)
        return;
    abort();
    qCDebug(lcEventStream).noquote() << detail;
    Q_EMIT failed(detail);
}

} // namespace confab::client
