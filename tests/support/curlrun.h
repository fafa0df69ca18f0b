#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <utility>

// Runs the real curl and gives back what a script would see: the HTTP status, the response
// headers and the body. For tests of the relay's HTTP API.
struct CurlResult {
    bool ran = false;     // false: curl did not start or did not finish in time
    int exitCode = -1;    // curl's own exit code (0 = transfer ok; 22 with --fail, 28 timeout...)
    int status = 0;       // HTTP status of the last response, 0 when none
    QList<std::pair<QByteArray, QByteArray>> headers; // of the last response, names lower-cased
    QByteArray body;
    QByteArray standardError;

    QByteArray header(const QByteArray &lowerName) const;
};

// curl -sS -D <headers file> -o <body file> <arguments...>, waiting up to `timeout`. Add the URL
// and any -H/-d/-T/-X/-u arguments yourself. The body file is read even when curl failed (a stream
// cut by --max-time still shows what came).
CurlResult runCurl(const QStringList &arguments, std::chrono::milliseconds timeout = std::chrono::seconds(20),
                   const QByteArray &standardInput = {});
