#include "passwordhasher.h"

#include <QRandomGenerator>

#include <argon2.h>

#include <array>

namespace confab::relay {
namespace {

constexpr uint32_t kTimeCost = 2;
constexpr uint32_t kMemoryCostKiB = 19456;
constexpr uint32_t kParallelism = 1;
constexpr size_t kSaltLength = 16;
constexpr size_t kHashLength = 32;

} // namespace

std::optional<QByteArray> PasswordHasher::hash(const QString &password)
{
    std::array<quint32, kSaltLength / sizeof(quint32)> salt{};
    QRandomGenerator::system()->generate(salt.begin(), salt.end());

    const QByteArray utf8 = password.toUtf8();
    QByteArray encoded(qsizetype(argon2_encodedlen(kTimeCost, kMemoryCostKiB, kParallelism, kSaltLength,
                                                   kHashLength, Argon2_id)),
                       '\0');
    const int result = argon2id_hash_encoded(kTimeCost, kMemoryCostKiB, kParallelism, utf8.constData(),
                                             size_t(utf8.size()), salt.data(), kSaltLength, kHashLength,
                                             encoded.data(), size_t(encoded.size()));
    if (result != ARGON2_OK)
        return std::nullopt;
    encoded.truncate(qsizetype(qstrlen(encoded.constData())));
    return encoded;
}

bool PasswordHasher::verify(const QByteArray &encodedHash, const QString &password)
{
    if (encodedHash.isEmpty())
        return false;
    const QByteArray utf8 = password.toUtf8();
    // argon2id_verify needs a NUL-terminated string; QByteArray guarantees one.
    return argon2id_verify(encodedHash.constData(), utf8.constData(), size_t(utf8.size())) == ARGON2_OK;
}

const QByteArray &PasswordHasher::dummyHash()
{
    static const QByteArray dummy = [] {
        std::array<quint32, 4> random{};
        QRandomGenerator::system()->generate(random.begin(), random.end());
        const QString password = QString::fromLatin1(
            QByteArray(reinterpret_cast<const char *>(random.data()), sizeof random).toHex());
        return hash(password).value_or(QByteArray());
    }();
    return dummy;
}

} // namespace confab::relay
