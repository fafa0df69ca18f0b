#pragma once

#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>

class DeliveryClient;

// Streams `total` numbered messages to one stream through a DeliveryClient, keeping up to `window`
// unacknowledged sends in flight, as an outbox would. Message i has client_msg_id
// "<prefix>-<i>" and text "<prefix> #<i>". When the connection drops, the unacknowledged ones stay
// pending; resume() (after reconnecting) resends each of them with the same client_msg_id, then
// carries on. Acks are checked for consistency: a repeated ack must carry the original seq.
class PipelinedSender : public QObject
{
    Q_OBJECT

public:
    PipelinedSender(DeliveryClient *client, const QString &stream, int total, int window,
        const QString &prefix, QObject *parent = nullptr);

    void start(); // first sends, up to the window
    void resume(); // after a reconnect: resend every unacknowledged message, then continue
    // While deaf, acks are dropped unread, as if lost with a crashing relay; no new sends go out.
    void setDeaf(bool deaf) { m_deaf = deaf; }

    int total() const { return m_total; }
    int acknowledged() const { return int(m_seqs.size()); }
    int firstSends() const { return m_next; }
    int resent() const { return m_resent; }
    int inFlight() const { return int(m_pending.size()); }
    bool done() const { return acknowledged() == m_total; }
    int repeatedAcks() const { return m_repeatedAcks; } // acks for an index acknowledged before
    int inconsistentAcks() const { return m_inconsistentAcks; } // ... with a different seq
    int errors() const { return int(m_errors.size()); }
    QStringList errorMessages() const { return m_errors; }
    const QMap<int, qint64> &seqs() const { return m_seqs; } // index -> acknowledged seq

    QString clientMsgId(int index) const;
    static QString text(const QString &prefix, int index);
    // The index in a text made by text(), or -1.
    static int indexOfText(const QString &prefix, const QString &text);

Q_SIGNALS:
    // After each new acknowledgement; `count` is the number of distinct messages acknowledged.
    void acknowledgedCountChanged(int count);

private:
    void fill();
    bool sendIndex(int index);

    DeliveryClient *m_client;
    QString m_stream;
    int m_total;
    int m_window;
    QString m_prefix;
    bool m_deaf = false;
    int m_next = 0; // the next index never sent
    QSet<int> m_pending; // sent, not acknowledged
    QMap<int, qint64> m_seqs;
    int m_resent = 0;
    int m_repeatedAcks = 0;
    int m_inconsistentAcks = 0;
    QStringList m_errors;
    QHash<QString, int> m_indexOfId; // client_msg_id -> index
};
