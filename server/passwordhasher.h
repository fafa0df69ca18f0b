#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace confab::relay {

// Argon2id password hashing with the OWASP-recommended cost (t=2, m=19 MiB, p=1) and a fresh
// 16-byte salt per hash, stored in the self-describing PHC string format ("$argon2id$v=19$...")
// so the cost can be raised later without breaking existing hashes. Thread-safe: verification is
// slow on purpose and runs on a worker thread.
class PasswordHasher
{
public:
    // The encoded hash, or nothing if libargon2 failed (out of memory).
    static std::optional<QByteArray> hash(const QString &password);
    static bool verify(const QByteArray &encodedHash, const QString &password);
    // A valid hash of a random password, computed once: checking an unknown user against it
    // costs as much as checking a real one, so response times do not reveal which names exist.
    static const QByteArray &dummyHash();
};

} // namespace confab::relay
