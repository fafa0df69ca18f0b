#include "requestkeyfilter.h"

#include <QHashFunctions>

#include <algorithm>

namespace confab::relay {

namespace {

// Two independent hashes; the k probes are h1 + i * h2 (Kirsch and Mitzenmacher).
struct Probe
{
    quint64 first;
    quint64 step;
};

Probe probeFor(QStringView sender, QStringView clientMsgId)
{
    const quint64 first = qHashMulti(0x9e3779b97f4a7c15ULL, sender, clientMsgId);
    const quint64 step = qHashMulti(0xc2b2ae3d27d4eb4fULL, clientMsgId, sender) | 1;
    return { first, step };
}

} // namespace

void RequestKeyFilter::reset(qsizetype expectedKeys)
{
    m_capacity = std::max<qsizetype>(expectedKeys, 1 << 16);
    m_bits = quint64(m_capacity) * kBitsPerKey;
    m_words.assign((m_bits + 63) / 64, 0);
    m_inserted = 0;
}

void RequestKeyFilter::insert(QStringView sender, QStringView clientMsgId)
{
    if (m_words.empty())
        return;
    const Probe probe = probeFor(sender, clientMsgId);
    for (int i = 0; i < kHashes; ++i) {
        const quint64 bit = (probe.first + quint64(i) * probe.step) % m_bits;
        m_words[bit / 64] |= quint64(1) << (bit % 64);
    }
    ++m_inserted;
}

bool RequestKeyFilter::mayContain(QStringView sender, QStringView clientMsgId) const
{
    if (m_words.empty())
        return true; // not built: every key may be there
    const Probe probe = probeFor(sender, clientMsgId);
    for (int i = 0; i < kHashes; ++i) {
        const quint64 bit = (probe.first + quint64(i) * probe.step) % m_bits;
        if (!(m_words[bit / 64] & (quint64(1) << (bit % 64))))
            return false;
    }
    return true;
}

} // namespace confab::relay
