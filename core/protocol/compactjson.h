#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace confab::protocol::detail {

// The same bytes as QJsonDocument(object).toJson(QJsonDocument::Compact), written straight from
// the object: keys in the object's (sorted) order, integers as digits, other numbers in their
// shortest form, strings as UTF-8 with '"', '\\', control characters and lone surrogates
// escaped. Qt's writer goes through a QCborValue per value; on the relay's hot path (an ack and
// an event per message) that conversion was a third of the encoding.
QByteArray compactJson(const QJsonObject &object);

} // namespace confab::protocol::detail
