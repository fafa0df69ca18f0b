#pragma once

#include "clientengine.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>

namespace confab::client {

// The "trust this certificate?" decision for relays the system's CAs do not vouch for (a
// self-signed relay at home or in a lab). A pin is the SHA-256 of one exact DER certificate:
// TLS errors are ignored only when the relay presents that certificate, and only the errors
// reported for it, never blanket-wise. Everything else is refused, with the certificate described
// in plain words so the user can compare the fingerprint before trusting it.
class TlsTrust
{
public:
    static QByteArray sha256(const QSslCertificate &certificate);
    // "AB:CD:..." (upper-case hex pairs), as `openssl x509 -fingerprint -sha256` prints it.
    static QString fingerprint(const QByteArray &sha256);
    // The certificate the errors are about: the relay's own (leaf) certificate.
    static QSslCertificate leafCertificate(
        const QList<QSslError> &errors, const QList<QSslCertificate> &peerChain = {});
    static ClientEngine::CertificateInfo describe(
        const QSslCertificate &certificate, const QList<QSslError> &errors);
    // The sentence for Failure::UntrustedCertificate.
    static QString refusal(
        const QString &relayAddress, const ClientEngine::CertificateInfo &info, bool pinDiffers);
    // One TLS error in words a person can act on.
    static QString plainWords(const QSslError &error);
};

} // namespace confab::client
