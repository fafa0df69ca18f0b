#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <utility>

namespace confab::relay {

// A complete HTTP response: status, headers and body. HttpExchange adds Content-Length, Date and
// Connection; everything else is the endpoint's. Errors follow ntfy's shape so scripts written for
// it read them unchanged: {"code": 40301, "http": 403, "error": "plain words"}.
struct HttpResponse {
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;

    HttpResponse &withHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append({ name, value });
        return *this;
    }

    static HttpResponse json(int status, const QJsonObject &object);    // application/json, one line + \n
    static HttpResponse text(int status, const QString &text);           // text/plain; charset=utf-8, + \n
    // {"code": code, "http": status, "error": message}; code is ntfy's five-digit form (status * 100
    // + a number that tells cases apart), e.g. 40001 bad priority, 40301 forbidden, 41301 too large.
    static HttpResponse error(int status, int code, const QString &message);
    static HttpResponse error(int status, const QString &message) { return error(status, status * 100, message); }
};

// "OK", "Not Found", ...; "Unknown" for a status it does not know.
QByteArray reasonPhrase(int status);

} // namespace confab::relay
