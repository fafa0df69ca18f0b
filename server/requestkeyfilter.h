#pragma once

#include <QString>
#include <QStringView>

#include <vector>

namespace confab::relay {

// A Bloom filter over the idempotency keys (sender, client_msg_id) stored in relay.db. Nearly
// every request carries a new key; "not in the filter" is certain, so such a request skips the
// two lookups (events, then scheduled notifications) that a repeat needs. "Maybe" (a repeat, or
// about 1 in 100 new keys) still asks SQLite. The filter only ever gains keys: a key removed from
// the store (pruned, reset) stays a harmless "maybe". It grows by being rebuilt from the store
// when it holds more keys than it was sized for.
class RequestKeyFilter
{
public:
    // Empty, sized for `expectedKeys` at about 1% false positives.
    void reset(qsizetype expectedKeys);
    void insert(QStringView sender, QStringView clientMsgId);
    bool mayContain(QStringView sender, QStringView clientMsgId) const;

    bool isReady() const { return !m_words.empty(); }
    // More keys than it was sized for: its false-positive rate climbs; rebuild it larger.
    bool isFull() const { return m_inserted > m_capacity; }
    qsizetype size() const { return m_inserted; }

private:
    static constexpr int kHashes = 7;
    static constexpr int kBitsPerKey = 10;

    std::vector<quint64> m_words;
    quint64 m_bits = 0;
    qsizetype m_capacity = 0;
    qsizetype m_inserted = 0;
};

} // namespace confab::relay
