#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

namespace confab::relay {

// The front door's listening socket. With a TLS configuration it accepts each connection as a
// QSslSocket that has not started its handshake yet, so the front door can apply its per-address
// cap and its deadline before spending any TLS work on it; without one, plain QTcpSockets.
// QSslServer would only hand sockets over once their handshake is done, too late for both.
class TcpListener : public QTcpServer
{
    Q_OBJECT

public:
    explicit TcpListener(QObject *parent = nullptr) : QTcpServer(parent) { }

    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }
    bool isTls() const { return m_tls.has_value(); }
    const QSslConfiguration &tlsConfiguration() const { return *m_tls; }

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    std::optional<QSslConfiguration> m_tls;
};

} // namespace confab::relay
