#include "startupclock.h"

#include <QByteArray>
#include <QFile>
#include <QList>

#include <optional>

#if defined(Q_OS_LINUX)
#include <ctime>
#include <unistd.h>
#endif

namespace confab::app {

namespace {

#if defined(Q_OS_LINUX)
// How long ago this process started, from field 22 (starttime, clock ticks after boot) of
// /proc/self/stat against CLOCK_BOOTTIME, the clock the kernel counts it on.
std::optional<qint64> msSinceProcessStart()
{
    QFile file(QStringLiteral("/proc/self/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray stat = file.readAll();
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = stat.mid(close + 1).simplified().split(' ');
    constexpr int kStartTimeIndex = 22 - 3; // fields after ')' begin with field 3 (state)
    if (fields.size() <= kStartTimeIndex)
        return std::nullopt;
    bool ok = false;
    const qint64 startTicks = fields.at(kStartTimeIndex).toLongLong(&ok);
    const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    if (!ok || ticksPerSecond <= 0)
        return std::nullopt;
    timespec now {};
    if (clock_gettime(CLOCK_BOOTTIME, &now) != 0)
        return std::nullopt;
    const qint64 nowMs = qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
    const qint64 startMs = startTicks * 1000 / ticksPerSecond;
    if (nowMs < startMs)
        return std::nullopt;
    return nowMs - startMs;
}
#else
std::optional<qint64> msSinceProcessStart()
{
    return std::nullopt;
}
#endif

} // namespace

StartupClock::StartupClock()
{
    m_timer.start();
    if (const std::optional<qint64> before = msSinceProcessStart()) {
        m_beforeConstruction = *before;
        m_fromProcessStart = true;
    }
}

qint64 StartupClock::elapsedMs() const
{
    return m_beforeConstruction + m_timer.elapsed();
}

} // namespace confab::app
