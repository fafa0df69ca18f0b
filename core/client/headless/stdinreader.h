#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <optional>

class QSocketNotifier;

namespace confab::headless {

// Reads standard input line by line without blocking the event loop (a QSocketNotifier on
// descriptor 0; POSIX only, like the tool's users: scripts and tests). readLineNow() serves the
// one blocking read the tool needs, the password, from the same buffer, so no line is lost
// between it and the later, event-driven reads.
class StdinReader : public QObject
{
    Q_OBJECT

public:
    explicit StdinReader(QObject *parent = nullptr);

    // Blocks until one line (without its line break) or the end of input (nullopt).
    std::optional<QString> readLineNow();

    // Starts delivering lines as signals, first those already buffered.
    void start();

Q_SIGNALS:
    void lineRead(const QString &line);
    void finished(); // end of input

private:
    bool fill(); // one read(2) into the buffer; false at end of input or on error
    void onReadable();
    void finish();
    std::optional<QString> takeLine();

    QByteArray m_buffer;
    bool m_atEnd = false;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace confab::headless
