#include "curlrun.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

QByteArray CurlResult::header(const QByteArray &lowerName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// With redirects or 100-continue there are several heads in the file: the last one counts.
void parseHeads(const QByteArray &text, CurlResult &result)
{
    const QList<QByteArray> lines = text.split('\n');
    for (QByteArray line : lines) {
        line = line.trimmed();
        if (line.startsWith("HTTP/")) {
            result.headers.clear();
            const QList<QByteArray> parts = line.split(' ');
            result.status = parts.size() > 1 ? parts.at(1).toInt() : 0;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            result.headers.append({ line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed() });
    }
}

} // namespace

CurlResult runCurl(const QStringList &arguments, std::chrono::milliseconds timeout, const QByteArray &standardInput)
{
    CurlResult result;
    QTemporaryDir dir;
    if (!dir.isValid())
        return result;
    const QString headersPath = dir.filePath(u"headers"_s);
    const QString bodyPath = dir.filePath(u"body"_s);
    QProcess curl;
    curl.start(u"curl"_s, QStringList { u"-sS"_s, u"-D"_s, headersPath, u"-o"_s, bodyPath } + arguments);
    if (!curl.waitForStarted(5000))
        return result;
    if (!standardInput.isEmpty())
        curl.write(standardInput);
    curl.closeWriteChannel();
    if (!curl.waitForFinished(int(timeout.count()))) {
        curl.kill();
        curl.waitForFinished(2000);
        return result;
    }
    result.ran = curl.exitStatus() == QProcess::NormalExit;
    result.exitCode = curl.exitCode();
    result.standardError = curl.readAllStandardError();
    parseHeads(readAll(headersPath), result);
    result.body = readAll(bodyPath);
    return result;
}
