#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QElapsedTimer>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>

namespace confab::client {

// Frames the relay sent, handled a few milliseconds' worth per turn of the event loop. A socket
// hands over every frame its buffer holds in one turn: after a flood that can be thousands, each
// one applied to the store, and the UI on the same thread would freeze until all are done. Here a
// frame is handled at once while this turn's budget lasts; the rest wait for the next turns, in
// arrival order, so the loop paints and reacts in between. What a transport says besides frames
// (connected, closed, failed) goes through after(), behind the frames that came before it: a close
// is handled only once everything the relay sent before it was. clear() drops what waits, for when
// the transport it came from is released: none of it may reach another session.
class FrameInbox
{
public:
    using FrameHandler = std::function<void(QByteArrayView)>;

    explicit FrameInbox(FrameHandler handler);

    void push(const QByteArray &frame);
    // Runs `event` now when no frame waits, else right after the frames waiting.
    void after(std::function<void()> event);
    void clear();
    bool isEmpty() const { return m_waiting.empty(); }

    // How long one turn of the event loop may spend on frames (at least one frame per turn).
    void setBudget(std::chrono::microseconds budget) { m_budget = budget; }
    std::chrono::microseconds budget() const { return m_budget; }

private:
    struct Entry
    {
        QByteArray frame;
        std::function<void()> event; // instead of a frame
    };

    bool turnHasTime();
    void nextTurn();
    void run(Entry entry);

    FrameHandler m_handler;
    std::deque<Entry> m_waiting;
    std::chrono::microseconds m_budget;
    // A zero timer: it fires once the loop has handled what else was waiting (painting too), which
    // starts the next turn.
    QTimer m_nextTurn;
    QElapsedTimer m_turnClock; // valid while a turn spends its budget
    QElapsedTimer m_sinceTurn; // since the last turn of a flood ended: how long the loop was away
    bool m_running = false;    // a handler runs: nothing else may start meanwhile
    bool m_yielded = false;    // this turn let the loop go round once first (nextTurn())
};

} // namespace confab::client
