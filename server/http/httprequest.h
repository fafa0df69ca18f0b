#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <utility>

namespace confab::relay {

// One parsed HTTP/1.x request as the relay's HTTP API sees it. The front door fills the head
// (method, target, headers) first, so the API can pick the body limit before the body is read;
// the body is complete (chunked transfer decoded) by the time an endpoint gets the request.
struct HttpRequest {
    QByteArray method;  // as sent, e.g. "GET"
    QByteArray target;  // as sent, e.g. "/alerts/json?since=all"
    QString path;       // the target's path, percent-decoded, e.g. "/alerts/json"
    QUrlQuery query;    // the target's query
    int versionMinor = 1; // HTTP/1.0 or HTTP/1.1
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-cased, in order
    QByteArray body;
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    bool tls = false;

    // The values of every header with this (case-insensitive) name, joined with ", ".
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    // Whether a comma-separated header holds this token, case-insensitively (Connection, Upgrade).
    bool headerHasToken(QByteArrayView name, QByteArrayView token) const;
    // The query item's value, fully decoded; empty when absent.
    QString queryValue(const QString &name) const;
    bool hasQueryItem(const QString &name) const { return query.hasQueryItem(name); }
    // The path's non-empty segments: "/alerts/json" -> {"alerts", "json"}.
    QStringList pathSegments() const;
    // "address:port" for logs.
    QString peer() const;
};

} // namespace confab::relay
