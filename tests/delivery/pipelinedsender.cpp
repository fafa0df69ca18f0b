#include "pipelinedsender.h"

#include "deliveryclient.h"
#include "protocol/codec.h"

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

PipelinedSender::PipelinedSender(DeliveryClient *client, const QString &stream, int total, int window,
    const QString &prefix, QObject *parent)
    : QObject(parent), m_client(client), m_stream(stream), m_total(total), m_window(window), m_prefix(prefix)
{
    connect(m_client, &DeliveryClient::ackReceived, this, [this](const Ack &ack) {
        if (m_deaf)
            return;
        const auto found = m_indexOfId.constFind(ack.clientMsgId);
        if (found == m_indexOfId.cend())
            return; // not one of ours (a subscribe, another request)
        const int index = *found;
        const auto known = m_seqs.constFind(index);
        if (known != m_seqs.cend()) {
            ++m_repeatedAcks;
            if (*known != ack.seq)
                ++m_inconsistentAcks;
            return;
        }
        m_seqs.insert(index, ack.seq);
        m_pending.remove(index);
        fill();
        Q_EMIT acknowledgedCountChanged(acknowledged());
    });
    connect(m_client, &DeliveryClient::errorReceived, this, [this](const Error &error) {
        if (error.id.startsWith(m_prefix))
            m_errors.append(u"%1: %2 %3"_s.arg(error.id, errorCodeName(error.code), error.message));
    });
}

QString PipelinedSender::clientMsgId(int index) const
{
    return u"%1-%2"_s.arg(m_prefix).arg(index);
}

QString PipelinedSender::text(const QString &prefix, int index)
{
    return u"%1 #%2"_s.arg(prefix).arg(index);
}

int PipelinedSender::indexOfText(const QString &prefix, const QString &text)
{
    const QString head = prefix + u" #"_s;
    if (!text.startsWith(head))
        return -1;
    bool ok = false;
    const int index = text.mid(head.size()).toInt(&ok);
    return ok ? index : -1;
}

bool PipelinedSender::sendIndex(int index)
{
    const QString id = clientMsgId(index);
    m_indexOfId.insert(id, index);
    // The request id differs per attempt so a reply can be told apart in the log; the
    // client_msg_id, the idempotency key, never changes.
    const QString requestId = u"%1/%2"_s.arg(id, m_client->nextId());
    return m_client->post(Send { requestId, m_stream, id, text(m_prefix, index), std::nullopt });
}

void PipelinedSender::fill()
{
    while (!m_deaf && m_next < m_total && m_pending.size() < m_window && m_client->isConnected()) {
        m_pending.insert(m_next);
        sendIndex(m_next);
        ++m_next;
    }
}

void PipelinedSender::start()
{
    fill();
}

void PipelinedSender::resume()
{
    QList<int> unacknowledged(m_pending.cbegin(), m_pending.cend());
    std::sort(unacknowledged.begin(), unacknowledged.end());
    for (int index : unacknowledged) {
        if (!m_client->isConnected())
            return;
        sendIndex(index);
        ++m_resent;
    }
    fill();
}
