#include "processstats.h"

#include "prometheustext.h"

#include <QDir>
#include <QFile>
#include <QList>

#if defined(Q_OS_LINUX)
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace confab::relay {

namespace {

#if defined(Q_OS_LINUX)

QByteArray readProcFile(const char *path)
{
    QFile file(QString::fromLatin1(path));
    // /proc files report size 0: read until the end rather than by size.
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// The fields of /proc/self/stat after the command name, which is in parentheses and may itself
// hold spaces and parentheses: index 0 is field 3 (state) of proc(5).
QList<QByteArray> statFields()
{
    const QByteArray stat = readProcFile("/proc/self/stat");
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return {};
    return stat.mid(close + 1).simplified().split(' ');
}

// Field n (1-based, as proc(5) numbers them) of /proc/self/stat.
std::optional<qint64> statField(const QList<QByteArray> &fields, int n)
{
    const qsizetype index = n - 3;
    if (index < 0 || index >= fields.size())
        return std::nullopt;
    bool ok = false;
    const qint64 value = fields.at(index).toLongLong(&ok);
    return ok ? std::optional(value) : std::nullopt;
}

std::optional<qint64> bootTime()
{
    const QList<QByteArray> lines = readProcFile("/proc/stat").split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("btime ")) {
            bool ok = false;
            const qint64 value = line.mid(6).trimmed().toLongLong(&ok);
            if (ok)
                return value;
        }
    }
    return std::nullopt;
}

void gauge(QByteArray &out, const char *name, const char *type, const char *help, const QByteArray &value)
{
    writeMetricFamily(out, name, type, help);
    out += name;
    out += ' ';
    out += value;
    out += '\n';
}

#endif

} // namespace

std::optional<double> ProcessStats::startTimeSeconds()
{
#if defined(Q_OS_LINUX)
    const std::optional<qint64> boot = bootTime();
    const std::optional<qint64> startTicks = statField(statFields(), 22);
    const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    if (!boot || !startTicks || ticksPerSecond <= 0)
        return std::nullopt;
    return double(*boot) + double(*startTicks) / double(ticksPerSecond);
#else
    return std::nullopt;
#endif
}

void ProcessStats::render(QByteArray &out)
{
#if defined(Q_OS_LINUX)
    const QList<QByteArray> fields = statFields();
    const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    const std::optional<qint64> userTicks = statField(fields, 14);
    const std::optional<qint64> systemTicks = statField(fields, 15);
    if (userTicks && systemTicks && ticksPerSecond > 0) {
        gauge(out, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.",
            QByteArray::number(double(*userTicks + *systemTicks) / double(ticksPerSecond), 'f', 2));
    }
    if (const std::optional<qint64> virtualBytes = statField(fields, 23)) {
        gauge(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
            QByteArray::number(*virtualBytes));
    }
    const long pageSize = sysconf(_SC_PAGESIZE);
    if (const std::optional<qint64> residentPages = statField(fields, 24); residentPages && pageSize > 0) {
        gauge(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
            QByteArray::number(*residentPages * pageSize));
    }
    const QDir fds(QStringLiteral("/proc/self/fd"));
    if (fds.exists()) {
        // The listing itself opens one descriptor while it runs; it is closed again by now.
        const qsizetype open = fds.entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot).size();
        gauge(out, "process_open_fds", "gauge", "Number of open file descriptors.", QByteArray::number(open));
    }
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        gauge(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
            QByteArray::number(qint64(limit.rlim_cur)));
    }
#else
    Q_UNUSED(out)
#endif
}

} // namespace confab::relay
