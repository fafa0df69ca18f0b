#include "stdinreader.h"

#include <QSocketNotifier>

#include <cerrno>
#include <utility>
#include <unistd.h>

namespace confab::headless {

namespace {
constexpr qsizetype kChunkSize = 4096;
}

StdinReader::StdinReader(QObject *parent) : QObject(parent) {}

std::optional<QString> StdinReader::readLineNow()
{
    while (true) {
        if (std::optional<QString> line = takeLine())
            return line;
        if (m_atEnd || !fill())
            break;
    }
    if (m_buffer.isEmpty())
        return std::nullopt;
    return QString::fromUtf8(std::exchange(m_buffer, {}));
}

void StdinReader::start()
{
    if (!m_notifier) {
        m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &StdinReader::onReadable);
    }
    while (std::optional<QString> line = takeLine())
        Q_EMIT lineRead(*line);
    if (m_atEnd)
        finish();
}

void StdinReader::finish()
{
    m_notifier->setEnabled(false);
    // A last line without a line break still counts.
    if (!m_buffer.isEmpty())
        Q_EMIT lineRead(QString::fromUtf8(std::exchange(m_buffer, {})));
    Q_EMIT finished();
}

bool StdinReader::fill()
{
    char chunk[kChunkSize];
    ssize_t count = 0;
    do {
        count = ::read(STDIN_FILENO, chunk, sizeof chunk);
    } while (count < 0 && errno == EINTR);
    if (count <= 0) {
        m_atEnd = true;
        return false;
    }
    m_buffer.append(chunk, qsizetype(count));
    return true;
}

void StdinReader::onReadable()
{
    // One read per notification: the notifier fires again while more input is waiting.
    if (!fill()) {
        finish();
        return;
    }
    while (std::optional<QString> line = takeLine())
        Q_EMIT lineRead(*line);
}

std::optional<QString> StdinReader::takeLine()
{
    const qsizetype end = m_buffer.indexOf('\n');
    if (end < 0)
        return std::nullopt;
    QByteArray line = m_buffer.left(end);
    m_buffer.remove(0, end + 1);
    if (line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

} // namespace confab::headless
