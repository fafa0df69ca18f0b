#pragma once

#include <QObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <chrono>
#include <memory>

// Runs Debian's nginx as a real reverse proxy in front of a relay for a test: its own config,
// pid file, logs and temp folders in a temporary folder, listening on a free loopback port picked
// by the fixture (retried if taken), in the foreground. Two configs: NoWebSocket is a plain
// proxy_pass (HTTP/1.0 upstream, no Upgrade or Connection headers passed: the relay never sees a
// WebSocket upgrade, like behind many corporate proxies); WebSocketAllowed passes the upgrade
// (proxy_http_version 1.1 plus the two headers). setMode() rewrites the config, sends
// `nginx -s reload` and waits until new connections get the new config. Connections opened before
// a reload stay with the old workers until they close.
class NginxProcess : public QObject
{
    Q_OBJECT

public:
    enum class Mode { NoWebSocket, WebSocketAllowed };

    explicit NginxProcess(QObject *parent = nullptr);
    ~NginxProcess() override; // stops nginx if it still runs

    static QString binaryPath(); // empty when nginx is not installed

    bool start(quint16 upstreamPort, Mode mode, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    bool setMode(Mode mode, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void stop();

    quint16 port() const { return m_port; }
    // ws://127.0.0.1:PORT/v1/ws: the relay's address through the proxy.
    QString relayUrl() const;
    QString errorString() const { return m_errorString; }
    // nginx's access log so far (one line per request: method, path, status).
    QString accessLog() const;

private:
    bool writeConfig();
    bool startOnce(quint16 port, std::chrono::milliseconds timeout);
    // Asks the marker location which config answers new connections.
    int servedGeneration() const;
    QStringList baseArguments() const;

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_upstreamPort = 0;
    quint16 m_port = 0;
    Mode m_mode = Mode::NoWebSocket;
    int m_generation = 0;
    QString m_errorString;
};
