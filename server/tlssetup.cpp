#include "tlssetup.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslCipher>
#include <QSslKey>
#include <QSslSocket>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

std::optional<QByteArray> readFile(const QString &path, const QString &what, QString &error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = u"cannot read the TLS %1 %2: %3"_s.arg(what, path, file.errorString());
        return std::nullopt;
    }
    // A certificate chain or key is a few KiB; anything far larger is not one.
    constexpr qint64 kMaxPemSize = 1024 * 1024;
    if (file.size() > kMaxPemSize) {
        error = u"the TLS %1 %2 is too large to be a PEM file"_s.arg(what, path);
        return std::nullopt;
    }
    return file.readAll();
}

QSslKey parseKey(const QByteArray &pem)
{
    for (QSsl::KeyAlgorithm algorithm : { QSsl::Ec, QSsl::Rsa, QSsl::Dsa }) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

} // namespace

bool TlsSetup::isAllowedCipher(const QSslCipher &cipher)
{
    if (cipher.protocol() == QSsl::TlsV1_3)
        return true;
    const QString name = cipher.name();
    const bool forwardSecret = name.startsWith(u"ECDHE-"_s);
    const bool aead = name.contains(u"-GCM-"_s) || name.contains(u"CHACHA20-POLY1305"_s);
    return cipher.protocol() == QSsl::TlsV1_2 && forwardSecret && aead;
}

TlsSetup::Result TlsSetup::load(const QString &certificateFile, const QString &keyFile)
{
    Result result;
    if (!QSslSocket::supportsSsl()) {
        result.error = u"TLS is configured but no TLS library is available (%1)"_s.arg(
            QSslSocket::sslLibraryBuildVersionString());
        return result;
    }
    const auto certificatePem = readFile(certificateFile, u"certificate"_s, result.error);
    if (!certificatePem)
        return result;
    const auto keyPem = readFile(keyFile, u"key"_s, result.error);
    if (!keyPem)
        return result;

    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.constFirst().isNull()) {
        result.error = u"the TLS certificate %1 holds no PEM certificate"_s.arg(certificateFile);
        return result;
    }
    const QSslKey key = parseKey(*keyPem);
    if (key.isNull()) {
        result.error = u"the TLS key %1 holds no unencrypted PEM private key"_s.arg(keyFile);
        return result;
    }
    if (key.algorithm() != chain.constFirst().publicKey().algorithm()) {
        result.error
            = u"the TLS key %1 does not belong to the certificate %2"_s.arg(keyFile, certificateFile);
        return result;
    }

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    QList<QSslCipher> ciphers;
    const QList<QSslCipher> supported = QSslConfiguration::supportedCiphers();
    for (const QSslCipher &cipher : supported) {
        if (isAllowedCipher(cipher))
            ciphers.append(cipher);
    }
    if (ciphers.isEmpty()) {
        result.error = u"the TLS library offers none of the AEAD cipher suites the relay requires"_s;
        return result;
    }
    configuration.setCiphers(ciphers);
    result.configuration = configuration;
    return result;
}

} // namespace confab::relay
