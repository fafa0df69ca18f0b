#pragma once

#include <QObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <chrono>
#include <memory>

// Runs Debian's tinyproxy as a real HTTP proxy for a test: its own config in a temporary folder
// (loopback only, a free port picked by the fixture and retried if taken, a log file at the
// Connect level, optional Basic authentication). No ConnectPort lines: Debian's default config
// allows CONNECT only to 443 and 563, and the relay listens on a random port.
class TinyProxyProcess : public QObject
{
    Q_OBJECT

public:
    explicit TinyProxyProcess(QObject *parent = nullptr);
    ~TinyProxyProcess() override; // stops a proxy that is still running

    static QString binaryPath(); // empty when tinyproxy is not installed

    // Ask for these credentials (Basic) from every client; call before start().
    void setBasicAuth(const QString &user, const QString &password);

    bool start(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void stop();

    QString host() const;
    quint16 port() const { return m_port; }
    QString errorString() const { return m_errorString; }
    // Everything tinyproxy logged so far.
    QString log() const;
    // Whether the log shows a CONNECT request to `port` on loopback.
    bool sawConnectTo(quint16 port) const;

private:
    bool startOnce(quint16 port, std::chrono::milliseconds timeout);

    QTemporaryDir m_dir;
    QString m_user;
    QString m_password;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_errorString;
};
