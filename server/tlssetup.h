#pragma once

#include <QSslConfiguration>
#include <QString>

#include <optional>

namespace confab::relay {

// The relay's TLS server configuration from a PEM certificate (chain) and a PEM private key:
// TLS 1.2 and 1.3 only, and only AEAD cipher suites with forward secrecy (ECDHE with AES-GCM or
// ChaCha20-Poly1305 under TLS 1.2; every TLS 1.3 suite is AEAD). Loading fails with a message
// naming the file and the problem, so a misconfigured relay refuses to start instead of serving
// something weaker.
class TlsSetup
{
public:
    struct Result {
        std::optional<QSslConfiguration> configuration;
        QString error;
    };

    static Result load(const QString &certificateFile, const QString &keyFile);
    // Whether this suite is one the relay offers.
    static bool isAllowedCipher(const QSslCipher &cipher);
};

} // namespace confab::relay
