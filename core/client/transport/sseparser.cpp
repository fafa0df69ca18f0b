#include "sseparser.h"

namespace confab::client {

QList<SseParser::Event> SseParser::feed(QByteArrayView bytes)
{
    QList<Event> events;
    if (m_error)
        return events;
    qsizetype start = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (c == '\n' && m_afterCr) {
            m_afterCr = false;
            start = i + 1;
            continue;
        }
        m_afterCr = c == '\r';
        if (c != '\n' && c != '\r')
            continue;
        m_line.append(bytes.sliced(start, i - start));
        takeLine(m_line, events);
        m_line.clear();
        start = i + 1;
        if (m_error)
            return events;
    }
    m_line.append(bytes.sliced(start));
    if (m_line.size() + m_event.data.size() > m_maxEventSize) {
        m_error = true;
        m_line.clear();
    }
    return events;
}

void SseParser::takeLine(QByteArrayView line, QList<Event> &events)
{
    if (line.isEmpty()) {
        // Dispatch; an event without data lines is nothing (the SSE rules).
        if (m_hasData)
            events.append(m_event);
        m_event = {};
        m_hasData = false;
        return;
    }
    if (line.front() == ':')
        return; // a comment: a keep-alive
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    if (field == "event") {
        m_event.name = value.toByteArray();
    } else if (field == "data") {
        if (m_hasData)
            m_event.data.append('\n');
        m_event.data.append(value);
        m_hasData = true;
        if (m_event.data.size() > m_maxEventSize)
            m_error = true;
    }
}

} // namespace confab::client
