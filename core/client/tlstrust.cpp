#include "tlstrust.h"

#include <QCryptographicHash>
#include <QSet>

namespace confab::client {

using namespace Qt::StringLiterals;

QByteArray TlsTrust::sha256(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    return QCryptographicHash::hash(certificate.toDer(), QCryptographicHash::Sha256);
}

QString TlsTrust::fingerprint(const QByteArray &sha256)
{
    return QString::fromLatin1(sha256.toHex(':').toUpper());
}

QSslCertificate TlsTrust::leafCertificate(
    const QList<QSslError> &errors, const QList<QSslCertificate> &peerChain)
{
    if (!peerChain.isEmpty() && !peerChain.constFirst().isNull())
        return peerChain.constFirst();
    // Without the chain: a host name mismatch is always about the leaf; otherwise the first
    // certificate named by an error (for a self-signed relay, the only one there is).
    for (const QSslError &error : errors) {
        if (error.error() == QSslError::HostNameMismatch && !error.certificate().isNull())
            return error.certificate();
    }
    for (const QSslError &error : errors) {
        if (!error.certificate().isNull())
            return error.certificate();
    }
    return QSslCertificate();
}

ClientEngine::CertificateInfo TlsTrust::describe(
    const QSslCertificate &certificate, const QList<QSslError> &errors)
{
    ClientEngine::CertificateInfo info;
    info.sha256 = sha256(certificate);
    info.fingerprint = fingerprint(info.sha256);
    const QString commonName = certificate.subjectInfo(QSslCertificate::CommonName).join(u", "_s);
    info.subject = commonName.isEmpty() ? certificate.subjectDisplayName() : commonName;
    if (info.subject.isEmpty())
        info.subject = certificate.subjectInfo(QSslCertificate::Organization).join(u", "_s);
    const QString issuerName = certificate.issuerInfo(QSslCertificate::CommonName).join(u", "_s);
    info.issuer = issuerName.isEmpty() ? certificate.issuerDisplayName() : issuerName;
    info.expires = certificate.expiryDate().toUTC();
    QSet<QString> seen;
    for (const QSslError &error : errors) {
        const QString words = plainWords(error);
        if (!seen.contains(words)) {
            seen.insert(words);
            info.problems.append(words);
        }
    }
    return info;
}

QString TlsTrust::refusal(
    const QString &relayAddress, const ClientEngine::CertificateInfo &info, bool pinDiffers)
{
    const QString print = info.fingerprint.isEmpty() ? u"unknown"_s : info.fingerprint;
    if (pinDiffers) {
        return u"The certificate of the relay at %1 has changed since you trusted it; the new one has the "
               "SHA-256 fingerprint %2. Trust it only if the relay's administrator confirms this change."_s
                   .arg(relayAddress, print);
    }
    QString text = u"The relay at %1 presented a certificate this computer does not trust (SHA-256 "
                   "fingerprint %2)."_s.arg(relayAddress, print);
    if (!info.problems.isEmpty())
        text += u' ' + info.problems.join(u' ');
    return text;
}

QString TlsTrust::plainWords(const QSslError &error)
{
    switch (error.error()) {
    case QSslError::SelfSignedCertificate:
        return u"The certificate is self-signed."_s;
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
        return u"The certificate was not issued by an authority this computer trusts."_s;
    case QSslError::CertificateExpired:
        return u"The certificate has expired."_s;
    case QSslError::CertificateNotYetValid:
        return u"The certificate is not valid yet; check this computer's clock."_s;
    case QSslError::HostNameMismatch:
        return u"The certificate is for another host name."_s;
    case QSslError::CertificateRevoked:
        return u"The certificate was revoked."_s;
    default:
        return u"The certificate is not valid: %1."_s.arg(error.errorString());
    }
}

} // namespace confab::client
