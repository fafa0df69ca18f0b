#pragma once

#include <QByteArray>
#include <QList>

namespace confab::client {

// Reads a Server-Sent Events stream (text/event-stream) as it arrives, in chunks of any size:
// lines end in LF, CRLF or CR; `event:` names the event, `data:` lines are joined with LF, a
// blank line ends the event; comments (`:`) and other fields (id, retry) are skipped. A line or
// an event larger than the limit makes the stream invalid (a broken or hostile server must not
// grow our memory without bound).
class SseParser
{
public:
    struct Event {
        QByteArray name; // empty: the default event ("message")
        QByteArray data;
        friend bool operator==(const Event &, const Event &) = default;
    };

    explicit SseParser(qsizetype maxEventSize = 2 * 1024 * 1024) : m_maxEventSize(maxEventSize) {}

    // Feeds bytes; returns the events they completed. After an error, returns nothing more.
    QList<Event> feed(QByteArrayView bytes);
    bool hasError() const { return m_error; }

private:
    void takeLine(QByteArrayView line, QList<Event> &events);

    qsizetype m_maxEventSize;
    QByteArray m_line;
    Event m_event;
    bool m_hasData = false;
    bool m_afterCr = false; // the last byte was CR: a following LF belongs to the same line end
    bool m_error = false;
};

} // namespace confab::client
