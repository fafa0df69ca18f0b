#pragma once

#include "accountstore.h"

#include <QByteArray>
#include <QString>

namespace confab::relay {

// Makes token secrets and their public ids, and hashes secrets for lookup. A secret is 256 bits
// from the system's CSPRNG, printed as a kind prefix ("cfs_" session, "cfa_" API) and base64url
// without padding, so it survives shells, URLs and headers, and a leaked one is recognisable in
// logs and by secret scanners. Only SHA-256 of the whole secret is stored: with 256 random bits a
// fast hash is enough (there is nothing to guess), unlike passwords.
class TokenMint
{
public:
    struct Minted {
        QString id;     // 16 lowercase hex digits (64 random bits), public
        QString secret; // prefix + 43 base64url characters
        QByteArray hash;
    };

    static Minted mint(TokenKind kind);
    // SHA-256 of the secret's UTF-8 bytes (raw 32 bytes).
    static QByteArray hashOf(const QString &secret);
    // Whether `text` looks like a secret this relay made (prefix and length), which lets the
    // relay refuse garbage without a store lookup.
    static bool looksLikeSecret(const QString &text);
    static QString prefixOf(TokenKind kind);
};

} // namespace confab::relay
