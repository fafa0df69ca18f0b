#include "frameinbox.h"

#include <QScopeGuard>

#include <algorithm>

namespace confab::client {

namespace {
// Applying a live message to the store takes 50 to 80 us: a turn of this length handles about a
// hundred, and input and painting wait at most about a frame at 60 Hz for it.
constexpr auto kDefaultBudget = std::chrono::milliseconds(8);
// The most a turn of a flood may stretch its budget to (see nextTurn()).
constexpr qint64 kMaxStretch = 4;
} // namespace

FrameInbox::FrameInbox(FrameHandler handler) : m_handler(std::move(handler)), m_budget(kDefaultBudget)
{
    m_nextTurn.setSingleShot(true);
    m_nextTurn.setInterval(0);
    QObject::connect(&m_nextTurn, &QTimer::timeout, &m_nextTurn, [this] { nextTurn(); });
}

void FrameInbox::push(const QByteArray &frame)
{
    // The usual case, a frame now and then, is handled at once: no waiting, no timer.
    if (!m_running && m_waiting.empty() && turnHasTime()) {
        run({frame, {}});
        return;
    }
    m_waiting.push_back({frame, {}});
    if (!m_nextTurn.isActive())
        m_nextTurn.start();
}

void FrameInbox::after(std::function<void()> event)
{
    if (!m_running && m_waiting.empty()) {
        run({{}, std::move(event)});
        return;
    }
    m_waiting.push_back({{}, std::move(event)});
    if (!m_nextTurn.isActive())
        m_nextTurn.start();
}

void FrameInbox::clear()
{
    m_waiting.clear();
}

bool FrameInbox::turnHasTime()
{
    if (!m_turnClock.isValid()) {
        // The first frame of a turn: the turn ends when the loop comes back to the timer.
        m_turnClock.start();
        m_nextTurn.start();
        return true;
    }
    return m_turnClock.nsecsElapsed() < std::chrono::nanoseconds(m_budget).count();
}

void FrameInbox::nextTurn()
{
    if (m_running) {
        // A handler runs a nested event loop: frames wait until it returns, so that none is
        // handled before the one still being handled has finished.
        m_nextTurn.start();
        return;
    }
    if (m_waiting.empty()) {
        m_turnClock.invalidate(); // a quiet turn: the next frame starts a fresh budget
        m_sinceTurn.invalidate();
        m_yielded = false;
        return;
    }
    // Frames keep their share of the time: after the loop was away long (the app laid out and
    // drew an update), this turn may take as long, up to a few budgets; else a flood would crawl
    // while the app redraws between every slice of it.
    const qint64 base = std::chrono::nanoseconds(m_budget).count();
    const qint64 away = m_sinceTurn.isValid() ? m_sinceTurn.nsecsElapsed() : 0;
    // But not right after that long turn: what waited through it (input, painting, timers that
    // fell due) goes first, else a person waits for the update and this turn back to back.
    if (away > 2 * base && !m_yielded) {
        m_yielded = true;
        m_nextTurn.start();
        return;
    }
    m_yielded = false;
    const qint64 budget = std::clamp(away, base, base * kMaxStretch);
    m_turnClock.start();
    m_nextTurn.start(); // the next turn, or the end of this one if nothing is left then
    do {
        Entry entry = std::move(m_waiting.front());
        m_waiting.pop_front();
        run(std::move(entry));
    } while (!m_waiting.empty() && m_turnClock.nsecsElapsed() < budget);
    m_sinceTurn.start();
}

void FrameInbox::run(Entry entry)
{
    m_running = true;
    const auto done = qScopeGuard([this] { m_running = false; });
    if (entry.event)
        entry.event();
    else
        m_handler(entry.frame);
}

} // namespace confab::client
