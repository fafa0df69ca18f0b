#pragma once

#include <QObject>

class QSocketNotifier;

namespace confab::relay {

// Turns SIGTERM and SIGINT into a Qt signal. The handler only writes the signal number to a
// socketpair (async-signal-safe); a QSocketNotifier reads it back on the event loop, where a
// graceful shutdown may do anything. One instance per process: it owns the handlers.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override; // restores the default handlers

    bool isValid() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace confab::relay
