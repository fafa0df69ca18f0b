#include "tokenmint.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <array>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kSecretBytes = 32; // 256 bits
constexpr qsizetype kIdBytes = 8;
// base64url of 32 bytes without padding.
constexpr qsizetype kEncodedSecretLength = 43;

QByteArray randomBytes(qsizetype count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    // generate() fills whole 32-bit words: round up and cut.
    std::array<quint32, 8> words {};
    qsizetype filled = 0;
    while (filled < count) {
        QRandomGenerator::system()->generate(words.begin(), words.end());
        const qsizetype chunk = qMin<qsizetype>(count - filled, qsizetype(sizeof words));
        memcpy(bytes.data() + filled, words.data(), size_t(chunk));
        filled += chunk;
    }
    words.fill(0);
    return bytes;
}

} // namespace

QString TokenMint::prefixOf(TokenKind kind)
{
    return kind == TokenKind::Api ? u"cfa_"_s : u"cfs_"_s;
}

TokenMint::Minted TokenMint::mint(TokenKind kind)
{
    const QByteArray secretBytes = randomBytes(kSecretBytes);
    const QString secret = prefixOf(kind)
        + QString::fromLatin1(secretBytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const QString id = QString::fromLatin1(randomBytes(kIdBytes).toHex());
    return Minted { id, secret, hashOf(secret) };
}

QByteArray TokenMint::hashOf(const QString &secret)
{
    return QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256);
}

bool TokenMint::looksLikeSecret(const QString &text)
{
    if (text.size() != 4 + kEncodedSecretLength)
        return false;
    if (!text.startsWith(prefixOf(TokenKind::Session)) && !text.startsWith(prefixOf(TokenKind::Api)))
        return false;
    for (qsizetype i = 4; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
            || c == u'-' || c == u'_';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace confab::relay
