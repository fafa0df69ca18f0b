#pragma once

#include <QObject>
#include <QString>

namespace confab::relay {

class EventStore;
class SessionTransport;

// Sends a stream's stored events after a cursor to one client, a page at a time, and never lets
// that connection's unsent queue grow past a threshold: when it is above, the next page waits
// until the transport has written enough. So a long catch-up (thousands of events after a night
// offline) costs the relay a bounded buffer and can never trip the unsent-bytes cap meant for
// slow consumers. Pages are read until the store has nothing newer, and finished() is emitted in
// the same turn of the event loop as the last read, so the receiver can go live without a gap.
class ReplayPump : public QObject
{
    Q_OBJECT

public:
    ReplayPump(SessionTransport *transport, EventStore &store, const QString &stream, qint64 afterSeq,
        qint64 pauseAboveBytes, QObject *parent = nullptr);

    void start();
    // The seq of the last event sent (the cursor given when none was).
    qint64 lastSentSeq() const { return m_next; }

Q_SIGNALS:
    // ok false: the store could not be read. Not emitted when the transport disconnects first.
    void finished(bool ok);

private:
    void pump();
    void onBytesWritten();

    SessionTransport *m_transport;
    EventStore &m_store;
    QString m_stream;
    qint64 m_next;
    qint64 m_pauseAbove;
    bool m_waiting = false;
    bool m_done = false;
};

} // namespace confab::relay
