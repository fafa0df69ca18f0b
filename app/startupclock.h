#pragma once

#include <QElapsedTimer>

namespace confab::app {

// Milliseconds since the process started, for the startup report ("first frame N ms after process
// start"). On Linux the start is the kernel's own record (/proc/self/stat, in clock ticks of 10 ms),
// so the time the dynamic loader and static initialisers took before main() is counted too; elsewhere
// (or when /proc cannot be read) the clock starts when this object is made, early in main().
class StartupClock
{
public:
    StartupClock();

    qint64 elapsedMs() const;
    // True when the origin is the process start, false when it is the construction of this clock.
    bool fromProcessStart() const { return m_fromProcessStart; }

private:
    QElapsedTimer m_timer;
    qint64 m_beforeConstruction = 0; // ms between the process start and the construction
    bool m_fromProcessStart = false;
};

} // namespace confab::app
