#pragma once

#include "sseparser.h"
#include "transport.h"

#include <QList>
#include <QNetworkProxy>
#include <QPointer>
#include <QSslError>

class QAuthenticator;
class QNetworkAccessManager;
class QNetworkReply;

namespace confab::client {

// The HTTP fallback transport, for networks whose proxy refuses the WebSocket upgrade: frames
// from the relay arrive as Server-Sent Events on `GET /v1/events` (one long response), frames to
// it go in `POST /v1/frames` with the session's secret in `X-Confab-Session`, one POST at a time
// so they keep their order (docs/protocol.md, "Fallback transport"). Same host, port, TLS trust
// (system CAs or the one pinned certificate) and proxy as the WebSocket it stands in for.
//
// connected() follows the relay's `session` event; its `ping` events are answered with an empty
// POST; its `close` event, or the stream ending, is disconnected().
class EventStreamTransport : public Transport
{
    Q_OBJECT

public:
    explicit EventStreamTransport(QObject *parent = nullptr);
    ~EventStreamTransport() override;

    // Before open().
    void setProxy(const QNetworkProxy &proxy);
    void setPinnedCertificate(const QByteArray &sha256);

    void open(const QUrl &relayUrl) override;
    void sendFrame(const QByteArray &frame) override;
    void ping() override;
    void abort() override;
    QString kind() const override;

    // http(s)://host:port<path> for a ws(s):// relay address.
    static QUrl httpUrl(const QUrl &relayUrl, const QString &path);
    // The relay's heartbeat interval from its session event (0 before it).
    int heartbeatMs() const { return m_heartbeatMs; }

private:
    void onStreamMetaData();
    void onStreamReadyRead();
    void onStreamFinished();
    void onEvent(const SseParser::Event &event);
    void postNext();
    void onPostFinished(QNetworkReply *reply);
    void onSslErrors(QNetworkReply *reply, const QList<QSslError> &errors);
    void onProxyAuthentication(const QNetworkProxy &proxy, QAuthenticator *authenticator);
    QNetworkRequest request(const QString &path) const;
    void end(int code, const QString &reason);
    void failWith(const QString &detail);

    QNetworkAccessManager *m_network;
    QNetworkProxy m_proxy{QNetworkProxy::DefaultProxy};
    QByteArray m_pinned;
    bool m_proxyCredentialsOffered = false;
    QUrl m_relayUrl;
    QPointer<QNetworkReply> m_stream;
    QPointer<QNetworkReply> m_post;
    SseParser m_parser;
    QByteArray m_session;
    int m_heartbeatMs = 0;
    QList<QByteArray> m_queue; // frames not posted yet
    bool m_pingWanted = false; // an empty POST is owed (a ping to answer, or our own probe)
    bool m_open = false;
    bool m_over = false;
};

} // namespace confab::client
