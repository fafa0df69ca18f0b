#include "eventstreamclient.h"

#include "protocol/codec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

namespace {

constexpr QByteArrayView kSessionHeader = "X-Confab-Session";

} // namespace

EventStreamClient::EventStreamClient(const QUrl &base, QObject *parent) : QObject(parent), m_base(base)
{
}

EventStreamClient::~EventStreamClient()
{
    drop();
}

QUrl EventStreamClient::endpoint(const QString &path) const
{
    QUrl url = m_base;
    url.setPath(path);
    return url;
}

bool EventStreamClient::open(int timeoutMs)
{
    drop();
    m_buffer.clear();
    m_pending = {};
    m_frames.clear();
    m_session.clear();
    m_close.reset();
    m_pings = 0;
    m_streamStatus = 0;
    m_streamHeaders.clear();

    QNetworkRequest request(endpoint(u"/v1/events"_s));
    request.setRawHeader("Accept", "text/event-stream");
    m_stream = m_network.get(request);
    m_open = true;
    connect(m_stream, &QNetworkReply::metaDataChanged, this, [this] {
        m_streamStatus = m_stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_streamHeaders = m_stream->rawHeaderPairs();
    });
    connect(m_stream, &QNetworkReply::readyRead, this, &EventStreamClient::onStreamData);
    connect(m_stream, &QNetworkReply::finished, this, [this, reply = m_stream.data()] {
        if (reply != m_stream)
            return;
        onStreamData();
        m_open = false;
        m_stream->deleteLater();
        Q_EMIT ended();
    });
    QSignalSpy events(this, &EventStreamClient::eventArrived);
    QElapsedTimer clock;
    clock.start();
    while (m_session.isEmpty() && m_open && clock.elapsed() < timeoutMs)
        events.wait(int(timeoutMs - clock.elapsed()));
    return !m_session.isEmpty();
}

bool EventStreamClient::login(const QString &user, const QString &password, int timeoutMs)
{
    if (!open(timeoutMs))
        return false;
    Hello hello;
    hello.id = u"hello"_s;
    hello.client = u"eventstreamclient"_s;
    hello.username = user;
    hello.password = password;
    return send(hello) && nextAs<Welcome>(timeoutMs).has_value();
}

bool EventStreamClient::loginWithToken(const QString &token, int timeoutMs)
{
    if (!open(timeoutMs))
        return false;
    Hello hello;
    hello.id = u"hello"_s;
    hello.client = u"eventstreamclient"_s;
    hello.token = token;
    return send(hello) && nextAs<Welcome>(timeoutMs).has_value();
}

int EventStreamClient::postBody(const QByteArray &body, const QByteArray &session, int timeoutMs)
{
    QNetworkRequest request(endpoint(u"/v1/frames"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-ndjson"_ba);
    if (!session.isNull())
        request.setRawHeader(kSessionHeader.toByteArray(), session);
    QNetworkReply *reply = m_network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    const bool done = finished.wait(timeoutMs);
    const int status = done ? reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() : 0;
    reply->deleteLater();
    return status;
}

int EventStreamClient::postLines(const QByteArrayList &lines, int timeoutMs)
{
    QByteArray body;
    for (const QByteArray &line : lines)
        body += line + '\n';
    return postBody(body, m_session, timeoutMs);
}

bool EventStreamClient::send(const Frame &frame)
{
    return postLines({ encode(frame) }) == 204;
}

bool EventStreamClient::sendAll(const QList<Frame> &frames)
{
    QByteArrayList lines;
    for (const Frame &frame : frames)
        lines.append(encode(frame));
    return postLines(lines) == 204;
}

std::optional<Frame> EventStreamClient::next(int timeoutMs)
{
    QSignalSpy events(this, &EventStreamClient::eventArrived);
    QElapsedTimer clock;
    clock.start();
    while (m_frames.isEmpty() && clock.elapsed() < timeoutMs) {
        if (!m_open)
            break;
        events.wait(int(timeoutMs - clock.elapsed()));
    }
    if (m_frames.isEmpty())
        return std::nullopt;
    const DecodeResult result = decode(m_frames.takeFirst().data);
    if (!result.ok())
        return std::nullopt;
    return result.frame();
}

std::optional<Frame> EventStreamClient::call(const Frame &request, int timeoutMs)
{
    const QString id = idOf(request);
    if (!send(request))
        return std::nullopt;
    while (const auto frame = next(timeoutMs)) {
        if (idOf(*frame) == id)
            return frame;
    }
    return std::nullopt;
}

void EventStreamClient::drop()
{
    if (QNetworkReply *stream = m_stream.data()) {
        m_stream = nullptr;
        stream->disconnect(this);
        stream->abort();
        stream->deleteLater();
    }
    m_open = false;
}

bool EventStreamClient::waitForEnded(int timeoutMs)
{
    if (!m_open)
        return true;
    QSignalSpy endedSpy(this, &EventStreamClient::ended);
    return endedSpy.wait(timeoutMs) || !m_open;
}

QByteArray EventStreamClient::streamHeader(const QByteArray &name) const
{
    for (const auto &[key, value] : m_streamHeaders) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

void EventStreamClient::onStreamData()
{
    if (!m_stream)
        return;
    m_buffer += m_stream->readAll();
    qsizetype newline;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        QByteArray line = m_buffer.left(newline);
        m_buffer.remove(0, newline + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            if (!m_pending.name.isEmpty() || !m_pending.data.isNull())
                onEvent(std::exchange(m_pending, {}));
            continue;
        }
        if (line.startsWith(':'))
            continue; // a comment
        const qsizetype colon = line.indexOf(':');
        const QByteArray field = colon < 0 ? line : line.left(colon);
        QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
        if (value.startsWith(' '))
            value.remove(0, 1);
        if (field == "event")
            m_pending.name = value;
        else if (field == "data")
            m_pending.data = m_pending.data.isNull() ? value : m_pending.data + '\n' + value;
    }
}

void EventStreamClient::onEvent(const Event &event)
{
    const QByteArray name = event.name.isEmpty() ? "message"_ba : event.name;
    if (name == "session") {
        const QJsonObject object = QJsonDocument::fromJson(event.data).object();
        m_session = object.value("session"_L1).toString().toLatin1();
        m_heartbeatMs = object.value("heartbeat_ms"_L1).toInteger();
    } else if (name == "ping") {
        ++m_pings;
        if (m_answerPings && !m_session.isEmpty()) {
            QNetworkRequest request(endpoint(u"/v1/frames"_s));
            request.setRawHeader(kSessionHeader.toByteArray(), m_session);
            QNetworkReply *reply = m_network.post(request, QByteArray());
            connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        }
    } else if (name == "close") {
        const QJsonObject object = QJsonDocument::fromJson(event.data).object();
        m_close = CloseEvent { object.value("code"_L1).toInt(), object.value("reason"_L1).toString() };
    } else if (name == "message") {
        m_frames.append({ name, event.data });
    }
    Q_EMIT eventArrived();
}
